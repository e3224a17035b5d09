package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.GroupNorm;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code Transformer2DModel} on a feature map as SD 1.5 uses it: GroupNorm (eps 1e-6) → 1×1
 * {@code proj_in} → the H·W tokens through {@code transformer_blocks.0} → 1×1 {@code proj_out}, plus the input.
 */
final class Transformer2DModel extends TorchModule {

    static final float NORM_EPS = 1e-6f;

    private final int channels;
    private final GroupNorm norm;
    private final Conv2d projIn;
    private final ModuleList<BasicTransformerBlock> transformerBlocks = new ModuleList<>();
    private final Conv2d projOut;

    Transformer2DModel(int channels, int heads, int crossAttentionDim, int groups) {
        this.channels = channels;
        this.norm = register("norm", new GroupNorm(groups, channels, NORM_EPS, true));
        this.projIn = register("proj_in", Conv2d.builder(channels, channels, 1).build());
        register("transformer_blocks", transformerBlocks);
        transformerBlocks.add(new BasicTransformerBlock(channels, heads, channels / heads, crossAttentionDim));
        this.projOut = register("proj_out", Conv2d.builder(channels, channels, 1).build());
    }

    NDArray forward(ParameterStore store, NDArray x, Conditioning c) {
        return BlockScope.run(x, in -> transform(store, in, c));
    }

    private NDArray transform(ParameterStore store, NDArray x, Conditioning c) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long height = s.get(2);
        long width = s.get(3);
        NDArray h = projIn.forward(store, norm.forward(store, x, null), null);
        h = h.transpose(0, 2, 3, 1).reshape(batch, height * width, channels);
        for (BasicTransformerBlock block : transformerBlocks.items()) {
            h = block.forward(store, h, c);
        }
        h = h.reshape(batch, height, width, channels).transpose(0, 3, 1, 2);
        return projOut.forward(store, h, null).add(x);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), new Conditioning(null, inputs.get(1),
                AttentionProcessor.PLAIN)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shapes.requireImageBatch(inputShapes[0], channels, "Transformer2DModel");
        return new Shape[] {inputShapes[0]};
    }
}
