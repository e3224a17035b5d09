package dev.chimera.model.splice;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.UnaryModule;

/**
 * An {@code nn.Sequential} grown with Splice's patched {@code Module.add}, which names each child by its 1-based
 * position ("1", "2", ...), giving the generator's keys such as {@code 1.1.7.3.0.weight}.
 */
final class SpliceSequential extends UnaryModule {

    private final List<UnaryModule> layers = new ArrayList<>();

    /** Appends a layer under the next 1-based index and returns it. */
    <M extends UnaryModule> M add(M layer) {
        layers.add(register(Integer.toString(layers.size() + 1), layer));
        return layer;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray out = x;
        for (UnaryModule layer : layers) {
            out = layer.forward(store, out, params);
        }
        return out;
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape out = input;
        for (UnaryModule layer : layers) {
            out = layer.getOutputShapes(new Shape[] {out})[0];
        }
        return out;
    }
}
