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
 * diffusers' VAE {@code Encoder}: conv_in, per level {@code down_blocks.i} (DownEncoderBlock2D: resnets and, except
 * last, {@code downsamplers.0}), mid_block, conv_norm_out → SiLU → conv_out to twice the latent channels.
 */
final class VaeEncoder extends TorchModule {

    private final int inChannels;
    private final int factor;
    private final int outChannels;
    private final Conv2d convIn;
    private final ModuleList<VaeLevelBlock> downBlocks = new ModuleList<>();
    private final VaeMidBlock midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    VaeEncoder(SdVaeConfig config) {
        int[] widths = config.blockOutChannels();
        int groups = config.normNumGroups();
        this.inChannels = config.inChannels();
        this.outChannels = 2 * config.latentChannels();
        this.factor = 1 << (widths.length - 1);
        this.convIn = register("conv_in", Conv2d.builder(inChannels, widths[0], 3).padding(1).build());
        register("down_blocks", downBlocks);
        int output = widths[0];
        for (int i = 0; i < widths.length; i++) {
            int input = output;
            output = widths[i];
            downBlocks.add(VaeLevelBlock.down(input, output, config.layersPerBlock(), groups,
                    i < widths.length - 1));
        }
        int last = widths[widths.length - 1];
        this.midBlock = register("mid_block", new VaeMidBlock(last, groups));
        this.convNormOut = register("conv_norm_out", new GroupNorm(groups, last, SdVaeConfig.NORM_EPS, true));
        this.convOut = register("conv_out", Conv2d.builder(last, outChannels, 3).padding(1).build());
    }

    NDArray forward(ParameterStore store, NDArray x, AttentionProcessor processor) {
        NDArray h = convIn.forward(store, x, null);
        for (VaeLevelBlock block : downBlocks.items()) {
            h = block.forward(store, h);
        }
        h = midBlock.forward(store, h, processor);
        return convOut.forward(store, Silu.apply(convNormOut.forward(store, h, null)), null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), AttentionProcessor.PLAIN));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shapes.requireImageBatch(x, inChannels, "Encoder");
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2) / factor, x.get(3) / factor)};
    }
}
