package dev.chimera.model.sd;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code CrossAttnDownBlock2D} (resnets each followed by a Transformer2DModel) or, without heads,
 * {@code DownBlock2D} (resnets only); both end with a stride-2 {@code downsamplers.0} except at the last level and
 * hand every intermediate output to the up path as a skip.
 */
final class UnetDownBlock extends TorchModule {

    private final ModuleList<ResnetBlock2D> resnets = register("resnets", new ModuleList<>());
    private final ModuleList<Transformer2DModel> attentions;
    private final ModuleList<Downsample2D> downsamplers;

    /** The output of a down block and the skips it leaves, in the order diffusers appends them. */
    record Output(NDArray sample, List<NDArray> skips) {
    }

    UnetDownBlock(int in, int out, int layers, int tembChannels, int groups, float eps, int heads,
            int crossAttentionDim, boolean downsample, int downsamplePadding) {
        this.attentions = heads > 0 ? register("attentions", new ModuleList<>()) : null;
        for (int j = 0; j < layers; j++) {
            resnets.add(new ResnetBlock2D(j == 0 ? in : out, out, tembChannels, groups, eps));
            if (attentions != null) {
                attentions.add(new Transformer2DModel(out, heads, crossAttentionDim, groups));
            }
        }
        this.downsamplers = downsample ? register("downsamplers", new ModuleList<>()) : null;
        if (downsample) {
            downsamplers.add(new Downsample2D(out, out, downsamplePadding));
        }
    }

    Output forward(ParameterStore store, NDArray x, Conditioning c) {
        List<NDArray> skips = new ArrayList<>();
        NDArray h = x;
        List<ResnetBlock2D> blocks = resnets.items();
        for (int j = 0; j < blocks.size(); j++) {
            h = blocks.get(j).forward(store, h, c.timeEmbedding());
            if (attentions != null) {
                h = attentions.items().get(j).forward(store, h, c);
            }
            skips.add(h);
        }
        if (downsamplers != null) {
            h = downsamplers.items().get(0).forward(store, h, null);
            skips.add(h);
        }
        return new Output(h, skips);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), new Conditioning(inputs.get(1), inputs.get(2),
                AttentionProcessor.PLAIN)).sample());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[] {inputShapes[0]};
        for (ResnetBlock2D resnet : resnets.items()) {
            out = resnet.getOutputShapes(out);
        }
        return downsamplers == null ? out : downsamplers.items().get(0).getOutputShapes(out);
    }
}
