package dev.chimera.worker.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The one checkpoint reader: loads a {@code .safetensors} file or a {@code torch.save} file (zip or legacy format)
 * as flat named tensors, detecting the format from the file's first bytes, never from its name. Pickled checkpoints
 * are read without executing anything: only a state dict's own globals are allowed.
 */
public final class Checkpoints {

    private static final int PICKLE_PROTO = 0x80;

    private Checkpoints() {
    }

    /**
     * Reads every tensor of {@code file} in file order into arrays owned by {@code manager}. Nested dicts are
     * flattened with dotted prefixes ({@code {'G': {'a.weight': t}, 'iter': 0}} gives {@code G.a.weight}); values
     * that are not tensors are dropped. Half-precision tensors are widened to float32; int64 stays int64.
     *
     * @throws UnsupportedPickleGlobalException if a pickle names a global a state dict does not need
     * @throws CheckpointFormatException if the file is truncated, malformed, or of no known format
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        byte[] head = head(file);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TorchZipCheckpoint.read(file, manager);
        }
        if (head.length >= 2 && (head[0] & 0xff) == PICKLE_PROTO) {
            return TorchLegacyCheckpoint.read(file, manager);
        }
        if (SafetensorsCheckpoint.matches(head)) {
            return SafetensorsCheckpoint.read(file, manager);
        }
        throw new CheckpointFormatException(file + " is neither safetensors nor a torch.save checkpoint");
    }

    /**
     * The entries under {@code prefix} with the prefix stripped, in order: {@code withPrefix(w, "G.")} is the
     * generator's state dict of a {@code {'G': ..}} checkpoint. The prefix should end with a dot.
     */
    public static Map<String, NDArray> withPrefix(Map<String, NDArray> tensors, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), tensor);
            }
        });
        return out;
    }

    /** The entries NOT under {@code prefix}, in order (e.g. a Splice generator's keys without its {@code vit.}). */
    public static Map<String, NDArray> withoutPrefix(Map<String, NDArray> tensors, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (!name.startsWith(prefix)) {
                out.put(name, tensor);
            }
        });
        return out;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(9);
        }
    }
}
