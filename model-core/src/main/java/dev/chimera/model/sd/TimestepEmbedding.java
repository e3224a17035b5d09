package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/** diffusers' {@code TimestepEmbedding}: linear_1 → SiLU → linear_2. */
final class TimestepEmbedding extends UnaryModule {

    private final Linear linear1;
    private final Linear linear2;

    TimestepEmbedding(int in, int dim) {
        this.linear1 = register("linear_1", new Linear(in, dim, true));
        this.linear2 = register("linear_2", new Linear(dim, dim, true));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return linear2.forward(store, Silu.apply(linear1.forward(store, x, null)), null);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return linear2.getOutputShapes(linear1.getOutputShapes(new Shape[] {input}))[0];
    }
}
