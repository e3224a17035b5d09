package dev.chimera.worker.weights;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Reads the legacy checkpoint format of {@code torch.save} (before PyTorch 1.6, or with
 * {@code _use_new_zipfile_serialization=False}): five pickles in a row (magic number, protocol version, system info,
 * the object, the sorted storage keys), then for each key its element count as a little-endian int64 followed by the
 * storage's raw bytes.
 */
final class TorchLegacyCheckpoint {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private TorchLegacyCheckpoint() {
    }

    static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        String source = file.toString();
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
            Map<String, byte[]> storages = readStorages(new DataInputStream(in), keyList, pickle.storageTypes(),
                    source);
            return PickledStateDict.flatten(pickle.root(), key -> {
                byte[] data = storages.get(key);
                if (data == null) {
                    throw new CheckpointFormatException(source + ": no data for storage " + key);
                }
                return data;
            }, manager);
        } catch (EOFException e) {
            throw new CheckpointFormatException(source + " ends early (truncated?)", e);
        }
    }

    private static Map<String, byte[]> readStorages(DataInputStream in, List<?> keys,
            Map<String, StorageType> types, String source) throws IOException {
        Map<String, byte[]> storages = new HashMap<>();
        for (Object key : keys) {
            StorageType type = types.get(String.valueOf(key));
            if (type == null) {
                throw new CheckpointFormatException(source + ": storage " + key + " is listed but never referenced");
            }
            long count = Long.reverseBytes(in.readLong());
            long bytes = Math.multiplyExact(count, (long) type.elementSize());
            if (count < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new CheckpointFormatException(source + ": storage " + key + " declares " + count
                        + " elements, which this reader cannot hold in one array");
            }
            byte[] data = new byte[(int) bytes];
            in.readFully(data);
            storages.put(String.valueOf(key), data);
        }
        return storages;
    }
}
