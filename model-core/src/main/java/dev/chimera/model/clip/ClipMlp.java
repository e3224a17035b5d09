package dev.chimera.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/** transformers' {@code CLIPMLP}: {@code fc1}, quick_gelu x·sigmoid(1.702·x), {@code fc2}. */
final class ClipMlp extends UnaryModule {

    private static final float QUICK_GELU_SLOPE = 1.702f;

    private final int dim;
    private final Linear fc1;
    private final Linear fc2;

    ClipMlp(ClipTextConfig config) {
        this.dim = config.hiddenSize();
        this.fc1 = register("fc1", new Linear(dim, config.intermediateSize(), true));
        this.fc2 = register("fc2", new Linear(config.intermediateSize(), dim, true));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray h = fc1.forward(store, x, params);
        NDArray slope = h.getManager().full(new Shape(), QUICK_GELU_SLOPE, h.getDataType());
        return fc2.forward(store, h.mul(Activation.sigmoid(h.mul(slope))), params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() == 0 || input.get(input.dimension() - 1) != dim) {
            throw new IllegalArgumentException("CLIPMLP expects [..., " + dim + "], got " + input);
        }
        return input;
    }
}
