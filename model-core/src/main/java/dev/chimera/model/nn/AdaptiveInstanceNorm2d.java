package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * AdaIN as in FUNIT-style code ({@code AdaptiveInstanceNorm2d}): instance statistics, then scale and shift by a
 * per-sample {@code std} and {@code mean} that a style MLP produces for each call. The module keeps the reference's
 * {@code running_mean}/{@code running_var} buffers so checkpoints load, but they never affect the output.
 *
 * <p>The per-call values travel in the forward pass's params under {@link #PARAMS_KEY}, as an {@link AdainValues},
 * instead of being assigned to the module, so one loaded network can serve concurrent calls.
 */
public final class AdaptiveInstanceNorm2d extends UnaryModule {

    /** The params key under which the forward pass looks up the {@link AdainValues} of the call. */
    public static final String PARAMS_KEY = "adain";

    private final int numFeatures;
    private final float eps;

    /** An AdaIN layer over {@code numFeatures} channels with eps 1e-5. */
    public AdaptiveInstanceNorm2d(int numFeatures) {
        this.numFeatures = numFeatures;
        this.eps = 1e-5f;
        buffer("running_mean", new Shape(numFeatures), Initializer.ZEROS);
        buffer("running_var", new Shape(numFeatures), Initializer.ONES);
    }

    /** The channel count, which is also the width of this layer's mean block and of its std block. */
    public int numFeatures() {
        return numFeatures;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        Object values = params == null ? null : params.get(PARAMS_KEY);
        if (!(values instanceof AdainValues adain)) {
            throw new IllegalStateException("AdaIN needs its mean and std: pass an AdainValues under \""
                    + PARAMS_KEY + "\"");
        }
        AdainValues.Entry e = adain.of(this);
        long batch = x.getShape().get(0);
        if (e.mean().getShape().get(0) != batch) {
            throw new IllegalArgumentException("AdaIN values for batch " + e.mean().getShape().get(0)
                    + " applied to batch " + batch);
        }
        return InstanceNorm2d.normalize(x, e.std().reshape(-1), e.mean().reshape(-1), eps);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, numFeatures, "AdaptiveInstanceNorm2d");
        return input;
    }
}
