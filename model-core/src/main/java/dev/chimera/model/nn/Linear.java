package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/** {@code nn.Linear}: {@code y = x Wᵀ + b} over the last axis, tensors {@code weight} [out, in] and {@code bias} [out]. */
public final class Linear extends UnaryModule {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A linear layer from {@code inFeatures} to {@code outFeatures}, with or without bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("invalid Linear(" + inFeatures + ", " + outFeatures + ")");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = parameter("weight", new Shape(outFeatures, inFeatures), new SeededNormal(0.02));
        this.bias = bias ? parameter("bias", new Shape(outFeatures), Initializer.ZEROS) : null;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray b = bias == null ? null : value(store, bias, x);
        return ai.djl.nn.core.Linear.linear(x, value(store, weight, x), b).singletonOrThrow();
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() == 0 || input.get(input.dimension() - 1) != inFeatures) {
            throw new IllegalArgumentException("Linear expects [..., " + inFeatures + "], got " + input);
        }
        long[] dims = input.getShape();
        dims[dims.length - 1] = outFeatures;
        return new Shape(dims);
    }
}
