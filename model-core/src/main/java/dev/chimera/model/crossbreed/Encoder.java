package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/**
 * The reference's {@code Encoder} (content and style): reflect pad 3 + 7×7 conv + ReLU, {@code downs} downsampling
 * residual blocks doubling the channels, then residual blocks, all with instance norm; the style encoder then sums
 * over height and width (a sum, not a mean).
 */
final class Encoder extends UnaryModule {

    private final Sequential model;
    private final boolean globalPool;
    private final int outputDim;

    Encoder(int downs, int inputDim, int dim, int resBlocks, boolean globalPool) {
        Sequential layers = new Sequential().add(
                new Conv2dBlock(inputDim, dim, 7, 3, Conv2dBlock.Norm.NONE, Activation.relu(), false, true));
        int width = dim;
        for (int i = 0; i < downs; i++) {
            layers.add(UpdownResBlock.down(width, 2 * width, Conv2dBlock.Norm.INSTANCE));
            width *= 2;
        }
        layers.add(new ActFirstResBlocks(resBlocks, width, Conv2dBlock.Norm.INSTANCE));
        this.model = register("model", layers);
        this.globalPool = globalPool;
        this.outputDim = width;
    }

    int outputDim() {
        return outputDim;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray y = model.forward(store, x, params);
        return globalPool ? y.sum(new int[] {2, 3}) : y;
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape out = model.getOutputShapes(new Shape[] {input})[0];
        return globalPool ? new Shape(out.get(0), out.get(1)) : out;
    }
}
