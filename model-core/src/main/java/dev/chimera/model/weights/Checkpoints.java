package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The one checkpoint reader: loads a {@code .safetensors} file or a {@code torch.save} file (zip or legacy format)
 * as flat named tensors, detecting the format from the file's signature, never from its name. Files are streamed
 * tensor by tensor with 64-bit offsets, so their size is bounded by the disk, not the heap, and loading one into a
 * module holds one tensor at a time besides the module's own. Pickled checkpoints are
 * read without executing anything: only a state dict's own globals are allowed.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * The state dict of {@code file} as {@link #read(Path, NDManager, FloatWidening)} gives it, half-precision
     * tensors widened to float32.
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        return read(file, manager, FloatWidening.UPCAST_TO_FLOAT32);
    }

    /**
     * The state dict of {@code file} in file order, its tensors left in the file until they are needed: names and
     * shapes come from the file's index; {@link #forEachTensor} (which {@code TorchModule.loadStateDict} uses) streams
     * the tensors one at a time, and the first value asked for through the map reads every tensor into an array
     * owned by {@code manager}. Nested dicts are flattened with dotted prefixes ({@code {'G': {'a.weight': t},
     * 'iter': 0}} gives {@code G.a.weight}); values that are not tensors are dropped. Float16 and bfloat16 tensors
     * are widened to float32 or kept, as {@code widening} says; every other type (int64 included) is kept. The map
     * cannot be modified; a malformed tensor found only when its bytes are read throws an
     * {@link java.io.UncheckedIOException} holding the {@link CheckpointFormatException}.
     *
     * @throws UnsupportedPickleGlobalException if a pickle names a global a state dict does not need
     * @throws CheckpointFormatException if the file is truncated, malformed, of no known format, or holds a tensor
     *     of more than 2^31 - 1 bytes
     * @throws UnsupportedOperationException if a bfloat16 tensor is to be kept (see {@link FloatWidening#KEEP})
     */
    public static Map<String, NDArray> read(Path file, NDManager manager, FloatWidening widening) throws IOException {
        return FileStateDict.index(file, manager, widening);
    }

    /** The shape of every entry, in order; a state dict {@link #read} from a file is not read for it. */
    public static Map<String, Shape> shapes(Map<String, NDArray> tensors) {
        if (tensors instanceof FileStateDict file) {
            return file.shapes();
        }
        Map<String, Shape> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> out.put(name, tensor.getShape()));
        return out;
    }

    /**
     * Hands every entry to {@code each}. A state dict {@link #read} from a file is streamed in file order, one tensor
     * at a time: its arrays are valid only during their call, so {@code each} copies what it keeps; the arrays of
     * any other map are handed on in its order and stay as they are.
     *
     * @throws java.io.UncheckedIOException if a file's tensor cannot be read
     */
    public static void forEachTensor(Map<String, NDArray> tensors, BiConsumer<String, NDArray> each) {
        if (tensors instanceof FileStateDict file) {
            file.forEachTensor(each);
        } else {
            tensors.forEach(each);
        }
    }

    /**
     * The entries under new names, in order: {@code rename} gives an entry's new name, or {@code null} to leave it
     * out. A state dict {@link #read} from a file stays in the file.
     *
     * @throws IllegalArgumentException if two entries get the same name
     */
    public static Map<String, NDArray> renamed(Map<String, NDArray> tensors, UnaryOperator<String> rename) {
        if (tensors instanceof FileStateDict file) {
            return file.renamed(rename);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            String renamed = rename.apply(name);
            if (renamed != null && out.put(renamed, tensor) != null) {
                throw new IllegalArgumentException("the checkpoint holds " + renamed + " under two names");
            }
        });
        return out;
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
        return renamed(tensors, name -> name.startsWith(prefix) ? name.substring(prefix.length()) : null);
    }

    /** The entries NOT under {@code prefix}, in order (e.g. a Splice generator's keys without its {@code vit.}). */
    public static Map<String, NDArray> withoutPrefix(Map<String, NDArray> tensors, String prefix) {
        return renamed(tensors, name -> name.startsWith(prefix) ? null : name);
    }
}
