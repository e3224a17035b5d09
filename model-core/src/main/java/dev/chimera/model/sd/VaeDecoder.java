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
 * diffusers' VAE {@code Decoder}: conv_in, mid_block, per reversed level {@code up_blocks.i} (UpDecoderBlock2D:
 * layers_per_block + 1 resnets and, except last, {@code upsamplers.0}), conv_norm_out → SiLU → conv_out.
 */
final class VaeDecoder extends TorchModule {

    private final int latentChannels;
    private final int outChannels;
    private final int factor;
    private final Conv2d convIn;
    private final VaeMidBlock midBlock;
    private final ModuleList<VaeLevelBlock> upBlocks = new ModuleList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    VaeDecoder(SdVaeConfig config) {
        int[] widths = config.blockOutChannels();
        int groups = config.normNumGroups();
        int last = widths[widths.length - 1];
        this.latentChannels = config.latentChannels();
        this.outChannels = config.outChannels();
        this.factor = 1 << (widths.length - 1);
        this.convIn = register("conv_in", Conv2d.builder(latentChannels, last, 3).padding(1).build());
        this.midBlock = register("mid_block", new VaeMidBlock(last, groups));
        register("up_blocks", upBlocks);
        int output = last;
        for (int i = 0; i < widths.length; i++) {
            int previous = output;
            output = widths[widths.length - 1 - i];
            upBlocks.add(VaeLevelBlock.up(previous, output, config.layersPerBlock() + 1, groups,
                    i < widths.length - 1));
        }
        this.convNormOut = register("conv_norm_out", new GroupNorm(groups, widths[0], SdVaeConfig.NORM_EPS, true));
        this.convOut = register("conv_out", Conv2d.builder(widths[0], outChannels, 3).padding(1).build());
    }

    NDArray forward(ParameterStore store, NDArray z, AttentionProcessor processor) {
        NDArray h = midBlock.forward(store, convIn.forward(store, z, null), processor);
        for (VaeLevelBlock block : upBlocks.items()) {
            h = block.forward(store, h);
        }
        return convOut.forward(store, Silu.apply(convNormOut.forward(store, h, null)), null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), AttentionProcessor.PLAIN));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape z = inputShapes[0];
        Shapes.requireImageBatch(z, latentChannels, "Decoder");
        return new Shape[] {new Shape(z.get(0), outChannels, z.get(2) * factor, z.get(3) * factor)};
    }
}
