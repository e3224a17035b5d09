package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/** diffusers' {@code UNetMidBlock2DCrossAttn}: resnets.0, then attentions.0 and resnets.1. */
final class UnetMidBlock extends TorchModule {

    private final ModuleList<ResnetBlock2D> resnets = register("resnets", new ModuleList<>());
    private final ModuleList<Transformer2DModel> attentions = register("attentions", new ModuleList<>());

    UnetMidBlock(int channels, int tembChannels, int groups, float eps, int heads, int crossAttentionDim) {
        resnets.add(new ResnetBlock2D(channels, channels, tembChannels, groups, eps));
        attentions.add(new Transformer2DModel(channels, heads, crossAttentionDim, groups));
        resnets.add(new ResnetBlock2D(channels, channels, tembChannels, groups, eps));
    }

    NDArray forward(ParameterStore store, NDArray x, Conditioning c) {
        NDArray h = resnets.items().get(0).forward(store, x, c.timeEmbedding());
        h = attentions.items().get(0).forward(store, h, c);
        return resnets.items().get(1).forward(store, h, c.timeEmbedding());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), new Conditioning(inputs.get(1), inputs.get(2),
                AttentionProcessor.PLAIN)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return resnets.items().get(0).getOutputShapes(new Shape[] {inputShapes[0]});
    }
}
