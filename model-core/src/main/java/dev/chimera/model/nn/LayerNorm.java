package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * {@code nn.LayerNorm(dim, eps)} over the last axis: {@code (x − mean) / sqrt(var + eps) · weight + bias} with the
 * biased variance of each row; tensors {@code weight} and {@code bias} [dim].
 */
public final class LayerNorm extends UnaryModule {

    private final int dim;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer norm over a last axis of size {@code dim}; torch's default eps is 1e-5, DINO's ViT uses 1e-6. */
    public LayerNorm(int dim, float eps) {
        if (dim <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("invalid LayerNorm(" + dim + ", eps " + eps + ")");
        }
        this.dim = dim;
        this.eps = eps;
        this.weight = parameter("weight", new Shape(dim), Initializer.ONES);
        this.bias = parameter("bias", new Shape(dim), Initializer.ZEROS);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), value(store, weight, x), value(store, bias, x),
                eps).singletonOrThrow();
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() == 0 || input.get(input.dimension() - 1) != dim) {
            throw new IllegalArgumentException("LayerNorm expects [..., " + dim + "], got " + input);
        }
        return input;
    }
}
