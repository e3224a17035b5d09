package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.UnaryModule;

/**
 * diffusers' {@code Downsample2D} with a convolution: a stride-2 3×3 {@code conv} with zero padding {@code padding};
 * padding 0 (the VAE's) first pads one zero row and column at the bottom and right, as the reference does.
 */
public final class Downsample2D extends UnaryModule {

    private final int channels;
    private final int padding;
    private final Conv2d conv;

    /** A downsampler of {@code channels} channels to {@code outChannels} with the given convolution padding. */
    public Downsample2D(int channels, int outChannels, int padding) {
        this.channels = channels;
        this.padding = padding;
        this.conv = register("conv", Conv2d.builder(channels, outChannels, 3).stride(2).padding(padding).build());
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        if (padding != 0) {
            return conv.forward(store, x, null);
        }
        return BlockScope.run(x, in -> conv.forward(store, in.pad(new Shape(0, 1, 0, 1), 0), null));
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, channels, "Downsample2D");
        Shape padded = padding == 0 ? new Shape(input.get(0), channels, input.get(2) + 1, input.get(3) + 1) : input;
        return conv.getOutputShapes(new Shape[] {padded})[0];
    }
}
