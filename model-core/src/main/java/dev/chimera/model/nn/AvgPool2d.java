package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.AvgPool2d(kernel, stride)} with torch's defaults: no padding, floor mode, padding counted. */
public final class AvgPool2d extends UnaryModule {

    private final int kernel;
    private final int stride;

    /** Averages {@code kernel}×{@code kernel} windows taken every {@code stride} pixels. */
    public AvgPool2d(int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException("invalid AvgPool2d(" + kernel + ", " + stride + ")");
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        return Pool.avgPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false, true);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, -1, "AvgPool2d");
        long h = (input.get(2) - kernel) / stride + 1;
        long w = (input.get(3) - kernel) / stride + 1;
        if (input.get(2) < kernel || input.get(3) < kernel) {
            throw new IllegalArgumentException("AvgPool2d kernel " + kernel + " does not fit input " + input);
        }
        return new Shape(input.get(0), input.get(1), h, w);
    }
}
