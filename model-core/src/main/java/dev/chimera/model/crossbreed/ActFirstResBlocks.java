package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/** The reference's {@code ActFirstResBlocks}: {@code model}, a Sequential of same-width residual blocks (maybe none). */
final class ActFirstResBlocks extends UnaryModule {

    private final Sequential model;

    ActFirstResBlocks(int count, int dim, Conv2dBlock.Norm norm) {
        Sequential blocks = new Sequential();
        for (int i = 0; i < count; i++) {
            blocks.add(new ActFirstResBlock(dim, dim, norm));
        }
        this.model = register("model", blocks);
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
