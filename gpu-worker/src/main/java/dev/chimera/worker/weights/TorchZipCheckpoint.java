package dev.chimera.worker.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Reads the zip checkpoint format of {@code torch.save} (PyTorch 1.6 and later): {@code <archive>/data.pkl} holds
 * the pickled object and {@code <archive>/data/<key>} the raw bytes of each storage.
 */
final class TorchZipCheckpoint {

    private static final String PICKLE = "data.pkl";

    private TorchZipCheckpoint() {
    }

    static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        try (ZipFile zip = open(file)) {
            String archive = archiveFolder(zip, file);
            checkByteOrder(zip, archive, file);
            StateDictUnpickler.Unpickled pickle;
            try (InputStream in = zip.getInputStream(zip.getEntry(archive + PICKLE))) {
                pickle = StateDictUnpickler.load(in, file + "!" + archive + PICKLE);
            }
            return PickledStateDict.flatten(pickle.root(), key -> entryBytes(zip, archive + "data/" + key, file), manager);
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
                String value = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!value.equals("little")) {
                    throw new CheckpointFormatException(file + " stores tensors in " + value
                            + "-endian byte order; only little-endian is supported");
                }
            }
        }
    }

    private static byte[] entryBytes(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointFormatException(file + " lacks the storage entry " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new CheckpointFormatException(file + ": cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
