package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/** The reference's {@code LinearBlock} without norm: a plain {@code fc} Linear, then ReLU or nothing. */
final class LinearBlock extends UnaryModule {

    private final Linear fc;
    private final Activation activation;

    LinearBlock(int in, int out, boolean relu) {
        this.fc = register("fc", new Linear(in, out, true));
        this.activation = relu ? register("activation", Activation.relu()) : null;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray y = fc.forward(store, x, params);
        return activation == null ? y : activation.forward(store, y, params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return fc.getOutputShapes(new Shape[] {input})[0];
    }
}
