package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code UNetMidBlock2D} as the VAE uses it: resnets.0, then attentions.0 (one head over all positions,
 * its own GroupNorm, biased projections, residual), then resnets.1.
 */
final class VaeMidBlock extends TorchModule {

    private final ModuleList<ResnetBlock2D> resnets = register("resnets", new ModuleList<>());
    private final ModuleList<Attention> attentions = register("attentions", new ModuleList<>());

    VaeMidBlock(int channels, int groups) {
        resnets.add(new ResnetBlock2D(channels, channels, 0, groups, SdVaeConfig.NORM_EPS));
        attentions.add(Attention.builder(channels, 1, channels).bias(true).groupNorm(groups, SdVaeConfig.NORM_EPS)
                .residualConnection(true).build());
        resnets.add(new ResnetBlock2D(channels, channels, 0, groups, SdVaeConfig.NORM_EPS));
    }

    NDArray forward(ParameterStore store, NDArray x, AttentionProcessor processor) {
        NDArray h = resnets.items().get(0).forward(store, x);
        h = attentions.items().get(0).forward(store, h, null, processor);
        return resnets.items().get(1).forward(store, h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), AttentionProcessor.PLAIN));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return resnets.items().get(0).getOutputShapes(inputShapes);
    }
}
