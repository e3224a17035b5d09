package dev.chimera.model.sd;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code CrossAttnUpBlock2D} or, without heads, {@code UpBlock2D}: each resnet takes the running sample
 * concatenated (channels) with the latest unused skip of the down path, cross-attention blocks then run a
 * Transformer2DModel; all but the last level end with a nearest ×2 {@code upsamplers.0}.
 */
final class UnetUpBlock extends TorchModule {

    private final int inChannels;
    private final ModuleList<ResnetBlock2D> resnets = register("resnets", new ModuleList<>());
    private final ModuleList<Transformer2DModel> attentions;
    private final ModuleList<Upsample2D> upsamplers;

    /**
     * An up block whose resnets see {@code prevOut} (first) or {@code out} channels plus a skip of {@code out}
     * channels, except the last, whose skip has {@code in} channels (diffusers' naming).
     */
    UnetUpBlock(int in, int prevOut, int out, int layers, int tembChannels, int groups, float eps, int heads,
            int crossAttentionDim, boolean upsample) {
        this.inChannels = prevOut;
        this.attentions = heads > 0 ? register("attentions", new ModuleList<>()) : null;
        for (int j = 0; j < layers; j++) {
            int skip = j == layers - 1 ? in : out;
            int resnetIn = j == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(resnetIn + skip, out, tembChannels, groups, eps));
            if (attentions != null) {
                attentions.add(new Transformer2DModel(out, heads, crossAttentionDim, groups));
            }
        }
        this.upsamplers = upsample ? register("upsamplers", new ModuleList<>()) : null;
        if (upsample) {
            upsamplers.add(new Upsample2D(out, out));
        }
    }

    /** The number of skips this block consumes. */
    int skipCount() {
        return resnets.items().size();
    }

    /** Whether the block ends with an upsampler. */
    boolean upsamples() {
        return upsamplers != null;
    }

    /**
     * The block's output for {@code x}, consuming {@code skips} in the order given (the latest skip first) and, when
     * it upsamples, resizing to {@code upsampleSize} (height, width: the size of the next skip).
     */
    NDArray forward(ParameterStore store, NDArray x, List<NDArray> skips, long[] upsampleSize, Conditioning c) {
        NDArray h = x;
        List<ResnetBlock2D> blocks = resnets.items();
        for (int j = 0; j < blocks.size(); j++) {
            h = blocks.get(j).forward(store, NDArrays.concat(new NDList(h, skips.get(j)), 1), c.timeEmbedding());
            if (attentions != null) {
                h = attentions.items().get(j).forward(store, h, c);
            }
        }
        if (upsamplers != null) {
            h = upsamplers.items().get(0).forward(store, h, upsampleSize[0], upsampleSize[1]);
        }
        return h;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        List<NDArray> skips = inputs.subList(3, inputs.size());
        long[] doubled = {x.getShape().get(2) * 2, x.getShape().get(3) * 2};
        return new NDList(forward(store, x, skips, doubled, new Conditioning(inputs.get(1), inputs.get(2),
                AttentionProcessor.PLAIN)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shapes.requireImageBatch(x, inChannels, "up block");
        long factor = upsamplers == null ? 1 : 2;
        return new Shape[] {new Shape(x.get(0), blocksOut(), x.get(2) * factor, x.get(3) * factor)};
    }

    private int blocksOut() {
        return resnets.items().get(resnets.items().size() - 1).outChannels();
    }
}
