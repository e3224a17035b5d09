package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The one checkpoint reader: loads a {@code .safetensors} file or a {@code torch.save} file (zip or legacy format)
 * as flat named tensors, detecting the format from the file's signature, never from its name. Files are streamed
 * tensor by tensor with 64-bit offsets, so their size is bounded by the disk, not the heap. Pickled checkpoints are
 * read without executing anything: only a state dict's own globals are allowed.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Reads every tensor of {@code file} as {@link #read(Path, NDManager, FloatWidening)} does, widening half-precision
     * tensors to float32.
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        return read(file, manager, FloatWidening.UPCAST_TO_FLOAT32);
    }

    /**
     * Reads every tensor of {@code file} in file order into arrays owned by {@code manager}. Nested dicts are
     * flattened with dotted prefixes ({@code {'G': {'a.weight': t}, 'iter': 0}} gives {@code G.a.weight}); values
     * that are not tensors are dropped. Float16 and bfloat16 tensors are widened to float32 or kept, as
     * {@code widening} says; every other type (int64 included) is kept.
     *
     * @throws UnsupportedPickleGlobalException if a pickle names a global a state dict does not need
     * @throws CheckpointFormatException if the file is truncated, malformed, of no known format, or holds a tensor
     *     of more than 2^31 - 1 bytes
     * @throws UnsupportedOperationException if a bfloat16 tensor is to be kept (see {@link FloatWidening#KEEP})
     */
    public static Map<String, NDArray> read(Path file, NDManager manager, FloatWidening widening) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        CheckpointFormat.of(file).forEachTensor(file,
                tensor -> tensors.put(tensor.name(), tensor.load(manager, widening)));
        return tensors;
    }

    /**
     * Describes every tensor of {@code file} in file order, its sum computed by streaming over its stored bytes: no
     * array is created, so a file of any size is described in little memory.
     *
     * @throws CheckpointFormatException as {@link #read(Path, NDManager, FloatWidening)} does
     */
    public static void summarize(Path file, Consumer<TensorSummary> each) throws IOException {
        CheckpointFormat.of(file).forEachTensor(file,
                tensor -> each.accept(new TensorSummary(tensor.name(), tensor.dataType(), tensor.shape(),
                        tensor.sum())));
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
}
