package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.UnaryModule;

/** {@code nn.Dropout} in eval mode, the identity; it holds a place in the reference's Sequential numbering. */
final class Dropout extends UnaryModule {

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return x;
    }

    @Override
    protected Shape outputShape(Shape input) {
        return input;
    }
}
