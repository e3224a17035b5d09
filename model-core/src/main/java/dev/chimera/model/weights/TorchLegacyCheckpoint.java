package dev.chimera.model.weights;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the legacy checkpoint format of {@code torch.save} (before PyTorch 1.6, or with
 * {@code _use_new_zipfile_serialization=False}): five pickles in a row (magic number, protocol version, system info,
 * the object, the sorted storage keys), then for each key its element count as a little-endian int64 followed by the
 * storage's raw bytes. The storages follow the object, so all of them are read before the first tensor is handed on.
 */
final class TorchLegacyCheckpoint {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private TorchLegacyCheckpoint() {
    }

    /** Hands every tensor of {@code file} to {@code visitor} in pickle order. */
    static void forEachTensor(Path file, StoredTensor.Visitor visitor) throws IOException {
        String source = file.toString();
        Map<String, PickledTensor> tensors;
        Map<String, ByteBuffer> storages;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Object magic = StateDictUnpickler.load(in, source).root();
            if (!(magic instanceof Number n) || !new BigInteger(n.toString()).equals(MAGIC)) {
                throw new CheckpointFormatException(source + " does not start with torch's legacy magic number");
            }
            Object protocol = StateDictUnpickler.load(in, source).root();
            if (!(protocol instanceof Number p) || p.longValue() != PROTOCOL_VERSION) {
                throw new CheckpointFormatException(source + " has legacy protocol version " + protocol
                        + ", expected " + PROTOCOL_VERSION);
            }
            Object sysInfo = StateDictUnpickler.load(in, source).root();
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new CheckpointFormatException(source + " was written on a big-endian machine");
            }
            StateDictUnpickler.Unpickled pickle = StateDictUnpickler.load(in, source);
            Object keys = StateDictUnpickler.load(in, source).root();
            if (!(keys instanceof List<?> keyList)) {
                throw new CheckpointFormatException(source + ": expected the list of storage keys after the object");
            }
            tensors = PickledStateDict.flatten(pickle.root());
            storages = readStorages(new DataInputStream(in), keyList, pickle.storageTypes(), source);
        } catch (EOFException e) {
            throw new CheckpointFormatException(source + " ends early (truncated?)", e);
        }
        StorageBytes storageBytes = new StorageBytes() {
            @Override
            public long byteCount(String key) throws CheckpointFormatException {
                return of(key).limit();
            }

            @Override
            public ByteBuffer of(String key) throws CheckpointFormatException {
                ByteBuffer data = storages.get(key);
                if (data == null) {
                    throw new CheckpointFormatException(source + ": no data for storage " + key);
                }
                return data.duplicate();
            }
        };
        for (Map.Entry<String, PickledTensor> tensor : tensors.entrySet()) {
            visitor.visit(tensor.getValue().stored(source, tensor.getKey(), storageBytes));
        }
    }

    private static Map<String, ByteBuffer> readStorages(DataInputStream in, List<?> keys,
            Map<String, StorageType> types, String source) throws IOException {
        Map<String, ByteBuffer> storages = new HashMap<>();
        ReadableByteChannel channel = Channels.newChannel(in);
        for (Object key : keys) {
            StorageType type = types.get(String.valueOf(key));
            if (type == null) {
                throw new CheckpointFormatException(source + ": storage " + key + " is listed but never referenced");
            }
            long count = Long.reverseBytes(in.readLong());
            if (count < 0 || count > Integer.MAX_VALUE / type.elementSize()) {
                throw new CheckpointFormatException(source + ": storage " + key + " declares " + count
                        + " elements, which this reader cannot hold in one buffer");
            }
            ByteBuffer data = ByteBuffer.allocateDirect((int) count * type.elementSize());
            while (data.hasRemaining()) {
                if (channel.read(data) < 0) {
                    throw new EOFException();
                }
            }
            storages.put(String.valueOf(key), data.flip());
        }
        return storages;
    }
}
