package dev.chimera.model.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A checkpoint's state dict whose tensors stay in the file: names and shapes are known from its index, and the
 * tensors are either streamed one at a time ({@link #forEachTensor}), or all read into arrays the first time a value
 * is asked for through the map. Renamed views ({@link #renamed}) share the file and whatever has been read.
 */
final class FileStateDict extends AbstractMap<String, NDArray> {

    private final Source source;
    /** This view's names, in file order, each with the name the file stores the tensor under. */
    private final Map<String, String> storedNames;
    private Map<String, NDArray> read;

    private FileStateDict(Source source, Map<String, String> storedNames) {
        this.source = source;
        this.storedNames = storedNames;
    }

    /**
     * Indexes {@code file} without keeping any tensor's bytes, checking that every tensor can be loaded under
     * {@code widening}.
     */
    static FileStateDict index(Path file, NDManager manager, FloatWidening widening) throws IOException {
        CheckpointFormat format = CheckpointFormat.of(file);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        format.forEachTensor(file, tensor -> {
            tensor.loadedType(widening);
            shapes.put(tensor.name(), tensor.shape());
        });
        Map<String, String> names = new LinkedHashMap<>();
        shapes.keySet().forEach(name -> names.put(name, name));
        return new FileStateDict(new Source(file, format, manager, widening, shapes), names);
    }

    /** Every tensor's shape by this view's name, in file order, without reading any tensor. */
    Map<String, Shape> shapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        storedNames.forEach((name, stored) -> out.put(name, source.shapes.get(stored)));
        return out;
    }

    /**
     * This view with every name mapped by {@code rename} ({@code null} drops the tensor), sharing the file.
     *
     * @throws IllegalArgumentException if two tensors get the same name
     */
    FileStateDict renamed(UnaryOperator<String> rename) {
        Map<String, String> names = new LinkedHashMap<>();
        storedNames.forEach((name, stored) -> {
            String renamed = rename.apply(name);
            if (renamed != null && names.put(renamed, stored) != null) {
                throw new IllegalArgumentException("the checkpoint holds " + renamed + " under two names");
            }
        });
        return new FileStateDict(source, names);
    }

    /**
     * Hands every tensor of this view to {@code each} in file order, reading one tensor at a time through one reused
     * buffer: each array is valid only during its call and closed after it, so copy what is to be kept. Once the
     * tensors have been read through the map, those arrays are handed on instead, and stay open.
     *
     * @throws UncheckedIOException if the file cannot be read or a tensor's bytes are malformed
     */
    void forEachTensor(BiConsumer<String, NDArray> each) {
        if (source.all != null) {
            storedNames.forEach((name, stored) -> each.accept(name, source.all.get(stored)));
            return;
        }
        Map<String, String> viewNames = new HashMap<>();
        storedNames.forEach((name, stored) -> viewNames.put(stored, name));
        GrowingBuffer buffer = new GrowingBuffer();
        source.visit(tensor -> {
            String name = viewNames.remove(tensor.name());
            if (name != null) {
                try (NDManager scratch = source.manager.newSubManager()) {
                    each.accept(name, tensor.load(scratch, source.widening, buffer::take));
                }
            }
        });
        if (!viewNames.isEmpty()) {
            throw new UncheckedIOException(new CheckpointFormatException(source.file + " changed after it was"
                    + " indexed: it no longer holds " + viewNames.keySet()));
        }
    }

    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(storedNames.keySet());
    }

    @Override
    public int size() {
        return storedNames.size();
    }

    @Override
    public boolean containsKey(Object name) {
        return storedNames.containsKey(name);
    }

    @Override
    public NDArray get(Object name) {
        return storedNames.containsKey(name) ? read().get(name) : null;
    }

    @Override
    public Set<Entry<String, NDArray>> entrySet() {
        return read().entrySet();
    }

    /** Every tensor of this view as an array of the file's manager, the whole file read on first use. */
    private Map<String, NDArray> read() {
        if (read == null) {
            Map<String, NDArray> all = source.readAll();
            Map<String, NDArray> named = new LinkedHashMap<>();
            storedNames.forEach((name, stored) -> named.put(name, all.get(stored)));
            read = Collections.unmodifiableMap(named);
        }
        return read;
    }

    /** The file behind every view of it, and its tensors once they have been read as arrays. */
    private static final class Source {

        private final Path file;
        private final CheckpointFormat format;
        private final NDManager manager;
        private final FloatWidening widening;
        private final Map<String, Shape> shapes;
        private Map<String, NDArray> all;

        private Source(Path file, CheckpointFormat format, NDManager manager, FloatWidening widening,
                Map<String, Shape> shapes) {
            this.file = file;
            this.format = format;
            this.manager = manager;
            this.widening = widening;
            this.shapes = shapes;
        }

        private Map<String, NDArray> readAll() {
            if (all == null) {
                Map<String, NDArray> tensors = new LinkedHashMap<>();
                visit(tensor -> tensors.put(tensor.name(), tensor.load(manager, widening)));
                all = tensors;
            }
            return all;
        }

        private void visit(StoredTensor.Visitor visitor) {
            try {
                format.forEachTensor(file, visitor);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
