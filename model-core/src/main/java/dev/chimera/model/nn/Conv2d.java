package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/** {@code nn.Conv2d} with a square kernel and zero padding: tensors {@code weight} [out, in, k, k] and {@code bias}. */
public final class Conv2d extends UnaryModule {

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    private Conv2d(Builder b) {
        if (b.inChannels <= 0 || b.outChannels <= 0 || b.kernel <= 0 || b.stride <= 0 || b.padding < 0) {
            throw new IllegalArgumentException("invalid Conv2d(" + b.inChannels + ", " + b.outChannels + ", kernel "
                    + b.kernel + ", stride " + b.stride + ", padding " + b.padding + ")");
        }
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        this.weight = parameter("weight", new Shape(outChannels, inChannels, kernel, kernel),
                new SeededNormal(0.02));
        this.bias = b.bias ? parameter("bias", new Shape(outChannels), Initializer.ZEROS) : null;
    }

    /** Starts a convolution from {@code inChannels} to {@code outChannels} with a {@code kernel}×{@code kernel} kernel. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray b = bias == null ? null : value(store, bias, x);
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, value(store, weight, x), b, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, inChannels, "Conv2d");
        long h = (input.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (input.get(3) + 2L * padding - kernel) / stride + 1;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("Conv2d kernel " + kernel + " does not fit input " + input);
        }
        return new Shape(input.get(0), outChannels, h, w);
    }

    /** Named options of a {@link Conv2d}; the defaults are torch's: stride 1, padding 0, with bias. */
    public static final class Builder {
        private final int inChannels;
        private final int outChannels;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private boolean bias = true;

        private Builder(int inChannels, int outChannels, int kernel) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernel = kernel;
        }

        /** Sets the stride in both directions. */
        public Builder stride(int value) {
            this.stride = value;
            return this;
        }

        /** Sets the zero padding on every side. */
        public Builder padding(int value) {
            this.padding = value;
            return this;
        }

        /** Declares whether the convolution has a {@code bias} tensor. */
        public Builder bias(boolean value) {
            this.bias = value;
            return this;
        }

        /** Builds the convolution. */
        public Conv2d build() {
            return new Conv2d(this);
        }
    }
}
