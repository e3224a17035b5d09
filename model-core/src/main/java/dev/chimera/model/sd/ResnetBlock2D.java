package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.GroupNorm;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code ResnetBlock2D} as SD uses it: norm1 → SiLU → conv1 (+ time_emb_proj(SiLU(temb)) per channel) →
 * norm2 → SiLU → conv2, added to the input (through a 1×1 {@code conv_shortcut} when the width changes).
 */
public final class ResnetBlock2D extends TorchModule {

    private final int inChannels;
    private final int outChannels;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;

    /**
     * A block from {@code inChannels} to {@code outChannels}; {@code tembChannels} 0 means no time embedding (the
     * VAE's blocks).
     */
    public ResnetBlock2D(int inChannels, int outChannels, int tembChannels, int groups, float eps) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.norm1 = register("norm1", new GroupNorm(groups, inChannels, eps, true));
        this.conv1 = register("conv1", Conv2d.builder(inChannels, outChannels, 3).padding(1).build());
        this.timeEmbProj = tembChannels > 0
                ? register("time_emb_proj", new Linear(tembChannels, outChannels, true)) : null;
        this.norm2 = register("norm2", new GroupNorm(groups, outChannels, eps, true));
        this.conv2 = register("conv2", Conv2d.builder(outChannels, outChannels, 3).padding(1).build());
        this.convShortcut = inChannels != outChannels
                ? register("conv_shortcut", Conv2d.builder(inChannels, outChannels, 1).build()) : null;
    }

    /** The block's output for {@code x} [B, in, H, W] and the time embedding {@code temb} [B, T] (null without). */
    public NDArray forward(ParameterStore store, NDArray x, NDArray temb) {
        return BlockScope.run(x, in -> residual(store, in, temb));
    }

    private NDArray residual(ParameterStore store, NDArray x, NDArray temb) {
        NDArray h = conv1.forward(store, Silu.apply(norm1.forward(store, x, null)), null);
        if (timeEmbProj != null) {
            NDArray t = timeEmbProj.forward(store, Silu.apply(temb), null);
            h = h.add(t.reshape(t.getShape().get(0), outChannels, 1, 1));
        }
        h = conv2.forward(store, Silu.apply(norm2.forward(store, h, null)), null);
        NDArray shortcut = convShortcut == null ? x : convShortcut.forward(store, x, null);
        return shortcut.add(h);
    }

    /** The block's output for {@code x} without a time embedding (the VAE's blocks). */
    public NDArray forward(ParameterStore store, NDArray x) {
        return forward(store, x, (NDArray) null);
    }

    /** The output width. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : (NDArray) null));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shapes.requireImageBatch(inputShapes[0], inChannels, "ResnetBlock2D");
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }
}
