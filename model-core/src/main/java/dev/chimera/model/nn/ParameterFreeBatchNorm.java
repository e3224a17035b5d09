package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * {@code nn.BatchNorm2d(affine=False)} in eval mode, SPADE's {@code param_free_norm}: every channel is
 * normalised with its stored {@code running_mean} and {@code running_var}, {@code (x − mean) / sqrt(var + eps)}.
 * It keeps {@code num_batches_tracked} so a checkpoint loads strictly; inference never reads it.
 */
public final class ParameterFreeBatchNorm extends UnaryModule {

    private final int numFeatures;
    private final float eps;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /** A batch norm over {@code numFeatures} channels with the given eps (torch's default is 1e-5). */
    public ParameterFreeBatchNorm(int numFeatures, float eps) {
        if (numFeatures <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("invalid BatchNorm2d(" + numFeatures + ", eps " + eps + ")");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.runningMean = buffer("running_mean", new Shape(numFeatures), Initializer.ZEROS);
        this.runningVar = buffer("running_var", new Shape(numFeatures), Initializer.ONES);
        buffer("num_batches_tracked", new Shape(), Initializer.ZEROS);
    }

    /** A batch norm over {@code numFeatures} channels with eps 1e-5. */
    public ParameterFreeBatchNorm(int numFeatures) {
        this(numFeatures, 1e-5f);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        DataType type = x.getDataType();
        // torch's affine-free batch norm is its affine one with weight 1 and bias 0; DJL's op needs both tensors.
        NDArray ones = x.getManager().ones(new Shape(numFeatures), type);
        NDArray zeros = x.getManager().zeros(new Shape(numFeatures), type);
        return BatchNorm.batchNorm(x, value(store, runningMean, x), value(store, runningVar, x), ones, zeros, 1, 0.1f,
                eps, false).singletonOrThrow();
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, numFeatures, "ParameterFreeBatchNorm");
        return input;
    }
}
