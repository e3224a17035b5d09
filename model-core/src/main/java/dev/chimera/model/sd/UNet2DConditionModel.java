package dev.chimera.model.sd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.GroupNorm;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' (0.19.3) {@code UNet2DConditionModel} in SD 1.5's layout, named as in the published
 * {@code unet/diffusion_pytorch_model} file: time_embedding, conv_in, down_blocks, mid_block, up_blocks,
 * conv_norm_out, conv_out. Optionally with CIA's FreeU on every up block's input; every attention runs through the
 * processor handed to the forward.
 */
public final class UNet2DConditionModel extends TorchModule {

    private final SdUnetConfig config;
    private final TimestepEmbedding timeEmbedding;
    private final Conv2d convIn;
    private final ModuleList<UnetDownBlock> downBlocks = new ModuleList<>();
    private final UnetMidBlock midBlock;
    private final ModuleList<UnetUpBlock> upBlocks = new ModuleList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    /** The UNet of {@code config}, uninitialised. */
    public UNet2DConditionModel(SdUnetConfig config) {
        this.config = config;
        int[] widths = config.blockOutChannels();
        int[] heads = config.attentionHeads();
        boolean[] cross = config.crossAttentionDown();
        int n = widths.length;
        int temb = config.timeEmbedDim();
        int groups = config.normNumGroups();
        float eps = config.normEps();
        int context = config.crossAttentionDim();
        this.timeEmbedding = register("time_embedding", new TimestepEmbedding(widths[0], temb));
        this.convIn = register("conv_in", Conv2d.builder(config.inChannels(), widths[0], 3).padding(1).build());
        register("down_blocks", downBlocks);
        int output = widths[0];
        for (int i = 0; i < n; i++) {
            int input = output;
            output = widths[i];
            downBlocks.add(new UnetDownBlock(input, output, config.layersPerBlock(), temb, groups, eps,
                    cross[i] ? heads[i] : 0, context, i < n - 1, config.downsamplePadding()));
        }
        this.midBlock = register("mid_block", new UnetMidBlock(widths[n - 1], temb, groups, eps, heads[n - 1],
                context));
        register("up_blocks", upBlocks);
        output = widths[n - 1];
        for (int i = 0; i < n; i++) {
            int previous = output;
            output = widths[n - 1 - i];
            int input = widths[Math.max(n - 2 - i, 0)];
            upBlocks.add(new UnetUpBlock(input, previous, output, config.layersPerBlock() + 1, temb, groups, eps,
                    cross[n - 1 - i] ? heads[n - 1 - i] : 0, context, i < n - 1));
        }
        this.convNormOut = register("conv_norm_out", new GroupNorm(groups, widths[0], eps, true));
        this.convOut = register("conv_out", Conv2d.builder(widths[0], config.outChannels(), 3).padding(1).build());
        Attention.namePaths(this);
    }

    /** The configuration. */
    public SdUnetConfig config() {
        return config;
    }

    /** Every attention module by its dotted path, in state-dict order. */
    public List<Attention> attentions() {
        return namedModules().values().stream().filter(Attention.class::isInstance).map(Attention.class::cast)
                .toList();
    }

    /** The plain UNet's noise prediction [B, out, h, w] for {@code sample} at {@code timestep}, given the text. */
    public NDArray forward(ParameterStore store, NDArray sample, double timestep, NDArray encoderStates,
            AttentionProcessor processor) {
        return forward(store, sample, timestep, encoderStates, processor, Optional.empty(), UnetObserver.NONE);
    }

    /**
     * The noise prediction for {@code sample} [B, in, h, w] at {@code timestep} (broadcast to the batch) given the
     * text states [B, tokens, cross_attention_dim]; {@code processor} computes every attention, {@code freeU} (CIA's
     * FreeU UNet) modifies each up block's input, {@code observer} sees the intermediates.
     */
    public NDArray forward(ParameterStore store, NDArray sample, double timestep, NDArray encoderStates,
            AttentionProcessor processor, Optional<FreeU> freeU, UnetObserver observer) {
        int batch = (int) sample.getShape().get(0);
        int[] widths = config.blockOutChannels();
        // The sinusoidal embedding is float32; like diffusers, it takes the sample's type (float16 in half precision).
        NDArray tEmb = Timesteps.embed(sample.getManager(), timestep, batch, widths[0], config.flipSinToCos(),
                config.freqShift()).toType(sample.getDataType(), false);
        observer.timeProjection(tEmb);
        NDArray emb = timeEmbedding.forward(store, tEmb, null);
        observer.timeEmbedding(emb);
        Conditioning c = new Conditioning(emb, encoderStates, processor);

        NDArray h = convIn.forward(store, sample, null);
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (UnetDownBlock block : downBlocks.items()) {
            UnetDownBlock.Output out = block.forward(store, h, c);
            h = out.sample();
            skips.addAll(out.skips());
        }
        h = midBlock.forward(store, h, c);
        observer.midBlockOutput(h);

        List<UnetUpBlock> ups = upBlocks.items();
        for (int i = 0; i < ups.size(); i++) {
            UnetUpBlock block = ups.get(i);
            List<NDArray> taken = new ArrayList<>(skips.subList(skips.size() - block.skipCount(), skips.size()));
            skips.subList(skips.size() - block.skipCount(), skips.size()).clear();
            Collections.reverse(taken);
            if (freeU.isPresent()) {
                h = freeU.get().apply(h);
            }
            observer.upBlockInput(i, h);
            long[] upsampleSize = block.upsamples()
                    ? new long[] {skips.get(skips.size() - 1).getShape().get(2),
                            skips.get(skips.size() - 1).getShape().get(3)}
                    : null;
            h = block.forward(store, h, taken, upsampleSize, c);
        }
        return convOut.forward(store, Silu.apply(convNormOut.forward(store, h, null)), null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        double timestep = inputs.get(1).toType(DataType.FLOAT64, false).getDouble();
        return new NDList(forward(store, inputs.get(0), timestep, inputs.get(2), AttentionProcessor.PLAIN));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shapes.requireImageBatch(x, config.inChannels(), "UNet2DConditionModel");
        return new Shape[] {new Shape(x.get(0), config.outChannels(), x.get(2), x.get(3))};
    }
}
