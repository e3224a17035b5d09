package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/**
 * The reference's {@code Decoder}: AdaIN residual blocks, {@code ups} × (nearest ×2 + AdaIN residual block halving
 * the channels), then reflect pad 3 + 7×7 conv + tanh. The AdaIN values of the call come in the forward params.
 */
final class Decoder extends UnaryModule {

    private final Sequential model;

    Decoder(int ups, int dim, int outputDim, int resBlocks) {
        Sequential layers = new Sequential().add(new ActFirstResBlocks(resBlocks, dim, Conv2dBlock.Norm.ADAIN));
        int width = dim;
        for (int i = 0; i < ups; i++) {
            layers.add(UpdownResBlock.up(width, width / 2, Conv2dBlock.Norm.ADAIN));
            width /= 2;
        }
        layers.add(new Conv2dBlock(width, outputDim, 7, 3, Conv2dBlock.Norm.NONE, Activation.tanh(), false, true));
        this.model = register("model", layers);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return model.forward(store, x, params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return model.getOutputShapes(new Shape[] {input})[0];
    }
}
