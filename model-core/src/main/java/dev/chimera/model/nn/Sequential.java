package dev.chimera.model.nn;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.Sequential}: children named "0", "1", ... applied in order, so checkpoint keys read {@code model.3.conv}. */
public final class Sequential extends UnaryModule {

    private final List<UnaryModule> layers = new ArrayList<>();

    /** Appends a layer under the next index and returns this Sequential. */
    public Sequential add(UnaryModule layer) {
        layers.add(register(Integer.toString(layers.size()), layer));
        return this;
    }

    /** The layers in order. */
    public List<UnaryModule> layers() {
        return List.copyOf(layers);
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
            out = layer.outputShape(out);
        }
        return out;
    }
}
