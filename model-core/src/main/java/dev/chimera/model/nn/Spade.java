package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SPADE (Park et al. 2019, {@code normalization.py:SPADE} with a batch-norm config): the feature map is normalised
 * without affine parameters, then modulated per pixel by {@code gamma} and {@code beta} predicted from a
 * segmentation-like map, {@code out = norm(x) · (1 + gamma) + beta}. The map is first nearest-resized to the
 * feature size. Inputs: x [N, C, H, W] and seg [N, labelChannels, h, w].
 */
public final class Spade extends TorchModule {

    private final int normChannels;
    private final int labelChannels;
    private final ParameterFreeBatchNorm paramFreeNorm;
    private final Sequential mlpShared;
    private final Conv2d mlpGamma;
    private final Conv2d mlpBeta;

    /**
     * A SPADE over {@code normChannels} feature channels, conditioned on {@code labelChannels} map channels through
     * a shared {@code kernel}×{@code kernel} convolution of width {@code hidden} (128 in the reference).
     */
    public Spade(int normChannels, int labelChannels, int hidden, int kernel) {
        this.normChannels = normChannels;
        this.labelChannels = labelChannels;
        int pad = kernel / 2;
        this.paramFreeNorm = register("param_free_norm", new ParameterFreeBatchNorm(normChannels));
        this.mlpShared = register("mlp_shared", new Sequential()
                .add(Conv2d.builder(labelChannels, hidden, kernel).padding(pad).build())
                .add(Activation.relu()));
        this.mlpGamma = register("mlp_gamma", Conv2d.builder(hidden, normChannels, kernel).padding(pad).build());
        this.mlpBeta = register("mlp_beta", Conv2d.builder(hidden, normChannels, kernel).padding(pad).build());
    }

    /** The reference's SPADE: 3×3 convolutions. */
    public Spade(int normChannels, int labelChannels, int hidden) {
        this(normChannels, labelChannels, hidden, 3);
    }

    /** Normalises {@code x} and modulates it by {@code seg}. */
    public NDArray forward(ParameterStore store, NDArray x, NDArray seg) {
        checkShapes(x.getShape(), seg.getShape());
        NDArray normalized = paramFreeNorm.forward(store, x, null);
        long height = x.getShape().get(2);
        long width = x.getShape().get(3);
        NDArray map = seg.getShape().get(2) == height && seg.getShape().get(3) == width ? seg
                : Upsample.resize(seg, height, width, Upsample.Mode.NEAREST);
        NDArray actv = mlpShared.forward(store, map, null);
        NDArray gamma = mlpGamma.forward(store, actv, null);
        NDArray beta = mlpBeta.forward(store, actv, null);
        return normalized.mul(gamma.add(1f)).add(beta);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("SPADE takes x and seg, got " + inputs.size() + " inputs");
        }
        return new NDList(forward(store, inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 2) {
            throw new IllegalArgumentException("SPADE takes x and seg, got " + inputShapes.length + " inputs");
        }
        checkShapes(inputShapes[0], inputShapes[1]);
        return new Shape[] {inputShapes[0]};
    }

    private void checkShapes(Shape x, Shape seg) {
        UnaryModule.requireImageBatch(x, normChannels, "SPADE input");
        UnaryModule.requireImageBatch(seg, labelChannels, "SPADE segmentation map");
        if (seg.get(0) != x.get(0)) {
            throw new IllegalArgumentException("SPADE map batch " + seg.get(0) + " differs from input batch "
                    + x.get(0));
        }
    }
}
