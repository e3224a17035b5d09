package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.nn.Upsample;

/**
 * diffusers' {@code Upsample2D} with a convolution: torch's legacy nearest resize (×2, or to the size of the skip
 * it will meet) followed by a 3×3 {@code conv} with padding 1.
 */
public final class Upsample2D extends TorchModule {

    private final int channels;
    private final Conv2d conv;

    /** An upsampler of {@code channels} channels to {@code outChannels}. */
    public Upsample2D(int channels, int outChannels) {
        this.channels = channels;
        this.conv = register("conv", Conv2d.builder(channels, outChannels, 3).padding(1).build());
    }

    /** The output for {@code x} [B, C, H, W] resized to {@code height}×{@code width} (2H×2W unless a skip differs). */
    public NDArray forward(ParameterStore store, NDArray x, long height, long width) {
        return BlockScope.run(x, in -> conv.forward(store, Upsample.resize(in, height, width,
                Upsample.Mode.NEAREST), null));
    }

    /** The output for {@code x} [B, C, H, W] at twice its size. */
    public NDArray forward(ParameterStore store, NDArray x) {
        Shape s = x.getShape();
        return forward(store, x, s.get(2) * 2, s.get(3) * 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shapes.requireImageBatch(x, channels, "Upsample2D");
        return conv.getOutputShapes(new Shape[] {new Shape(x.get(0), channels, x.get(2) * 2, x.get(3) * 2)});
    }
}
