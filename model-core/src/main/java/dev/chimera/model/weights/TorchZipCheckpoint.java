package dev.chimera.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the zip checkpoint format of {@code torch.save} (PyTorch 1.6 and later): {@code <archive>/data.pkl} holds
 * the pickled object and {@code <archive>/data/<key>} the raw bytes of each storage. A storage is streamed from its
 * entry into one reused direct buffer when a tensor needs it, so only one storage is held at a time.
 */
final class TorchZipCheckpoint {

    private static final String PICKLE = "data.pkl";

    private TorchZipCheckpoint() {
    }

    /** Hands every tensor of {@code file} to {@code visitor} in pickle order. */
    static void forEachTensor(Path file, StoredTensor.Visitor visitor) throws IOException {
        try (ZipFile zip = open(file)) {
            String archive = archiveFolder(zip, file);
            checkByteOrder(zip, archive, file);
            StateDictUnpickler.Unpickled pickle;
            try (InputStream in = zip.getInputStream(zip.getEntry(archive + PICKLE))) {
                pickle = StateDictUnpickler.load(in, file + "!" + archive + PICKLE);
            }
            GrowingBuffer buffer = new GrowingBuffer();
            StorageBytes storages = new StorageBytes() {
                @Override
                public long byteCount(String key) throws IOException {
                    return storageEntry(zip, archive + "data/" + key, file).getSize();
                }

                @Override
                public ByteBuffer of(String key) throws IOException {
                    return entryBytes(zip, archive + "data/" + key, buffer, file);
                }
            };
            for (Map.Entry<String, PickledTensor> tensor : PickledStateDict.flatten(pickle.root()).entrySet()) {
                visitor.visit(tensor.getValue().stored(file.toString(), tensor.getKey(), storages));
            }
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException(file + " is not a complete zip archive (truncated?): "
                    + e.getMessage(), e);
        }
    }

    private static String archiveFolder(ZipFile zip, Path file) throws CheckpointFormatException {
        return zip.stream().map(ZipEntry::getName)
                .filter(n -> n.endsWith("/" + PICKLE) && n.indexOf('/') == n.length() - PICKLE.length() - 1)
                .map(n -> n.substring(0, n.length() - PICKLE.length()))
                .findFirst()
                .orElseThrow(() -> new CheckpointFormatException(file + " is a zip archive without <name>/"
                        + PICKLE + ", so not a torch.save checkpoint"));
    }

    private static void checkByteOrder(ZipFile zip, String archive, Path file) throws IOException {
        ZipEntry order = zip.getEntry(archive + "byteorder");
        if (order != null) {
            try (InputStream in = zip.getInputStream(order)) {
                String value = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
                if (!value.equals("little")) {
                    throw new CheckpointFormatException(file + " stores tensors in " + value
                            + "-endian byte order; only little-endian is supported");
                }
            }
        }
    }

    private static ZipEntry storageEntry(ZipFile zip, String name, Path file) throws CheckpointFormatException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointFormatException(file + " lacks the storage entry " + name);
        }
        if (entry.getSize() < 0 || entry.getSize() > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file + ": the storage entry " + name + " holds " + entry.getSize()
                    + " bytes; one storage can hold at most 2^31 - 1");
        }
        return entry;
    }

    private static ByteBuffer entryBytes(ZipFile zip, String name, GrowingBuffer buffer, Path file)
            throws IOException {
        ZipEntry entry = storageEntry(zip, name, file);
        ByteBuffer data = buffer.take((int) entry.getSize());
        try (ReadableByteChannel in = Channels.newChannel(zip.getInputStream(entry))) {
            int read = 0;
            while (data.hasRemaining() && read >= 0) {
                read = in.read(data);
            }
        } catch (ZipException e) {
            throw new CheckpointFormatException(file + ": cannot read " + name + ": " + e.getMessage(), e);
        }
        if (data.hasRemaining()) {
            throw new CheckpointFormatException(file + ": the storage entry " + name + " ends after "
                    + data.position() + " of its " + data.capacity() + " bytes");
        }
        return data.flip();
    }
}
