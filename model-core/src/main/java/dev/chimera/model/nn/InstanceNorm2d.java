package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * {@code nn.InstanceNorm2d} without running statistics: every sample and channel is normalised by its own mean and
 * biased variance; with {@code affine} it has per-channel {@code weight} and {@code bias}.
 */
public final class InstanceNorm2d extends UnaryModule {

    private final int numFeatures;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /** An instance norm over {@code numFeatures} channels. */
    public InstanceNorm2d(int numFeatures, float eps, boolean affine) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.weight = affine ? parameter("weight", new Shape(numFeatures), Initializer.ONES) : null;
        this.bias = affine ? parameter("bias", new Shape(numFeatures), Initializer.ZEROS) : null;
    }

    /** torch's default: eps 1e-5, no affine parameters. */
    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, false);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        long batch = x.getShape().get(0);
        NDArray gamma = weight == null ? x.getManager().ones(new Shape(batch * numFeatures), x.getDataType())
                : value(store, weight, x).tile(batch);
        NDArray beta = bias == null ? x.getManager().zeros(new Shape(batch * numFeatures), x.getDataType())
                : value(store, bias, x).tile(batch);
        return normalize(x, gamma, beta, eps);
    }

    /**
     * Instance-normalises {@code x} [B, C, H, W] as torch does, through batch norm in training mode over the view
     * [1, B·C, H, W]; {@code gamma} and {@code beta} hold one value per sample and channel, [B·C].
     */
    public static NDArray normalize(NDArray x, NDArray gamma, NDArray beta, float eps) {
        Shape shape = x.getShape();
        long planes = shape.get(0) * shape.get(1);
        NDArray flat = x.reshape(1, planes, shape.get(2), shape.get(3));
        // The running statistics of a training-mode batch norm are outputs only; these scratch arrays absorb them.
        NDArray runningMean = x.getManager().zeros(new Shape(planes), x.getDataType());
        NDArray runningVar = x.getManager().ones(new Shape(planes), x.getDataType());
        return BatchNorm.batchNorm(flat, runningMean, runningVar, gamma, beta, 1, 0.1f, eps, true)
                .singletonOrThrow().reshape(shape);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, numFeatures, "InstanceNorm2d");
        return input;
    }
}
