package dev.chimera.model.sd;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/**
 * {@code nn.ModuleList}: children named "0", "1", ..., so keys read {@code resnets.1.conv1.weight}. Like torch's, it
 * holds modules for its parent to call and has no forward of its own.
 *
 * @param <M> the kind of module held
 */
final class ModuleList<M extends TorchModule> extends TorchModule {

    private final List<M> items = new ArrayList<>();

    /** Appends {@code module} under the next index and returns it. */
    M add(M module) {
        items.add(register(Integer.toString(items.size()), module));
        return module;
    }

    /** The modules in order. */
    List<M> items() {
        return List.copyOf(items);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        throw new UnsupportedOperationException("a ModuleList is not callable, its parent calls its modules");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("a ModuleList is not callable, its parent calls its modules");
    }
}
