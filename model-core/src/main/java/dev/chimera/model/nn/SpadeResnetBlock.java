package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SPADE's residual block ({@code architecture.py:SPADEResnetBlock}):
 * {@code conv_1(lrelu(norm_1(conv_0(lrelu(norm_0(x)))))) + shortcut}, where the shortcut is
 * {@code conv_s(norm_s(x))} (1×1, no bias, no activation) when the channel count changes and x otherwise. In the
 * reference the convolutions are spectral-normed; here they hold the folded weights.
 */
public final class SpadeResnetBlock extends TorchModule {

    private static final float SLOPE = 0.2f;

    private final int fin;
    private final int fout;
    private final int labelChannels;
    private final Conv2d conv0;
    private final Conv2d conv1;
    private final Conv2d convS;
    private final Spade norm0;
    private final Spade norm1;
    private final Spade normS;

    /** A block from {@code fin} to {@code fout} channels whose SPADEs read {@code labelChannels}-channel maps. */
    public SpadeResnetBlock(int fin, int fout, int labelChannels, int spadeHidden) {
        this.fin = fin;
        this.fout = fout;
        this.labelChannels = labelChannels;
        int middle = Math.min(fin, fout);
        boolean learnedShortcut = fin != fout;
        this.conv0 = register("conv_0", Conv2d.builder(fin, middle, 3).padding(1).build());
        this.conv1 = register("conv_1", Conv2d.builder(middle, fout, 3).padding(1).build());
        this.convS = learnedShortcut ? register("conv_s", Conv2d.builder(fin, fout, 1).bias(false).build()) : null;
        this.norm0 = register("norm_0", new Spade(fin, labelChannels, spadeHidden));
        this.norm1 = register("norm_1", new Spade(middle, labelChannels, spadeHidden));
        this.normS = learnedShortcut ? register("norm_s", new Spade(fin, labelChannels, spadeHidden)) : null;
    }

    /** Runs the block on {@code x} conditioned on {@code seg}. */
    public NDArray forward(ParameterStore store, NDArray x, NDArray seg) {
        NDArray shortcut = convS == null ? x : convS.forward(store, normS.forward(store, x, seg), null);
        NDArray dx = conv0.forward(store, Activation.leakyRelu(norm0.forward(store, x, seg), SLOPE), null);
        dx = conv1.forward(store, Activation.leakyRelu(norm1.forward(store, dx, seg), SLOPE), null);
        return shortcut.add(dx);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("SPADEResnetBlock takes x and seg, got " + inputs.size() + " inputs");
        }
        return new NDList(forward(store, inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 2) {
            throw new IllegalArgumentException("SPADEResnetBlock takes x and seg, got " + inputShapes.length
                    + " inputs");
        }
        UnaryModule.requireImageBatch(inputShapes[0], fin, "SPADEResnetBlock input");
        UnaryModule.requireImageBatch(inputShapes[1], labelChannels, "SPADEResnetBlock segmentation map");
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), fout, x.get(2), x.get(3))};
    }
}
