package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.UnaryModule;

/** DINO's {@code PatchEmbed}: a patch-sized, patch-strided convolution {@code proj}, flattened to [B, patches, D]. */
final class PatchEmbed extends UnaryModule {

    private final int patchSize;
    private final int embedDim;
    private final Conv2d proj;

    PatchEmbed(VitConfig config) {
        this.patchSize = config.patchSize();
        this.embedDim = config.embedDim();
        this.proj = register("proj", Conv2d.builder(config.inChans(), embedDim, patchSize).stride(patchSize).build());
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        // Trailing pixels that do not fill a patch are dropped, as the strided convolution does.
        NDArray grid = proj.forward(store, x, params);
        Shape shape = grid.getShape();
        return grid.reshape(shape.get(0), embedDim, shape.get(2) * shape.get(3)).transpose(0, 2, 1);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 4 || input.get(2) < patchSize || input.get(3) < patchSize) {
            throw new IllegalArgumentException("PatchEmbed expects [N, C, H, W] of at least one patch, got " + input);
        }
        return new Shape(input.get(0), (input.get(2) / patchSize) * (input.get(3) / patchSize), embedDim);
    }
}
