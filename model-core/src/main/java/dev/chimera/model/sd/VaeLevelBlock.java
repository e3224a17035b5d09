package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;

/**
 * One level of the VAE, diffusers' {@code DownEncoderBlock2D} or {@code UpDecoderBlock2D}: resnets without time
 * embedding, then, except at the last level, one resampler ({@code downsamplers.0}, a padded stride-2 convolution,
 * or {@code upsamplers.0}, nearest ×2 and a convolution).
 */
final class VaeLevelBlock extends TorchModule {

    private final ModuleList<ResnetBlock2D> resnets = register("resnets", new ModuleList<>());
    private final ModuleList<TorchModule> resamplers;

    private VaeLevelBlock(int in, int out, int layers, int groups, String resamplersName, TorchModule resampler) {
        for (int j = 0; j < layers; j++) {
            resnets.add(new ResnetBlock2D(j == 0 ? in : out, out, 0, groups, SdVaeConfig.NORM_EPS));
        }
        this.resamplers = resampler == null ? null : register(resamplersName, new ModuleList<>());
        if (resampler != null) {
            resamplers.add(resampler);
        }
    }

    /** An encoder level ({@code DownEncoderBlock2D}), halving the size unless it is the last. */
    static VaeLevelBlock down(int in, int out, int layers, int groups, boolean downsample) {
        return new VaeLevelBlock(in, out, layers, groups, "downsamplers",
                downsample ? new Downsample2D(out, out, 0) : null);
    }

    /** A decoder level ({@code UpDecoderBlock2D}), doubling the size unless it is the last. */
    static VaeLevelBlock up(int in, int out, int layers, int groups, boolean upsample) {
        return new VaeLevelBlock(in, out, layers, groups, "upsamplers", upsample ? new Upsample2D(out, out) : null);
    }

    NDArray forward(ParameterStore store, NDArray x) {
        NDArray h = x;
        for (ResnetBlock2D resnet : resnets.items()) {
            h = resnet.forward(store, h);
        }
        return resamplers == null ? h : resamplers.items().get(0).forward(store, h, null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = inputShapes;
        for (ResnetBlock2D resnet : resnets.items()) {
            out = resnet.getOutputShapes(out);
        }
        return resamplers == null ? out : resamplers.items().get(0).getOutputShapes(out);
    }
}
