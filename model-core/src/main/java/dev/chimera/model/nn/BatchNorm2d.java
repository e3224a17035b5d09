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
 * {@code nn.BatchNorm2d} in training mode, as a module that is never put in {@code eval()} runs: every forward pass
 * normalises with the batch's own mean and biased variance, then updates {@code running_mean} and {@code running_var}
 * (the latter with the unbiased variance) by {@code running = (1 − momentum) · running + momentum · batch} and adds
 * one to {@code num_batches_tracked}. Tensors {@code weight}, {@code bias} and those three buffers.
 */
public final class BatchNorm2d extends UnaryModule {

    private final int numFeatures;
    private final float eps;
    private final float momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter numBatchesTracked;

    /** A batch norm over {@code numFeatures} channels; torch's defaults are eps 1e-5 and momentum 0.1. */
    public BatchNorm2d(int numFeatures, float eps, float momentum) {
        if (numFeatures <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("invalid BatchNorm2d(" + numFeatures + ", eps " + eps + ", momentum "
                    + momentum + ")");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = parameter("weight", new Shape(numFeatures), Initializer.ONES);
        this.bias = parameter("bias", new Shape(numFeatures), Initializer.ZEROS);
        this.runningMean = buffer("running_mean", new Shape(numFeatures), Initializer.ZEROS);
        this.runningVar = buffer("running_var", new Shape(numFeatures), Initializer.ONES);
        this.numBatchesTracked = buffer("num_batches_tracked", new Shape(), Initializer.ZEROS);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        long perChannel = x.getShape().size() / numFeatures;
        if (perChannel <= 1) {
            throw new IllegalArgumentException("BatchNorm2d in training mode needs more than one value per channel, "
                    + "got " + x.getShape());
        }
        // The op's own running statistics follow DJL's momentum convention; scratch arrays absorb them, and the
        // module's buffers are updated below exactly as torch does.
        NDArray scratchMean = x.getManager().zeros(new Shape(numFeatures), x.getDataType());
        NDArray scratchVar = x.getManager().ones(new Shape(numFeatures), x.getDataType());
        NDArray out = BatchNorm.batchNorm(x, scratchMean, scratchVar, value(store, weight, x), value(store, bias, x),
                1, momentum, eps, true).singletonOrThrow();
        updateRunningStatistics(store, x.stopGradient(), perChannel);
        return out;
    }

    private void updateRunningStatistics(ParameterStore store, NDArray x, long perChannel) {
        NDArray channels = x.toType(DataType.FLOAT64, false).transpose(1, 0, 2, 3).reshape(numFeatures, perChannel);
        NDArray mean = channels.mean(new int[] {1}, true);
        NDArray unbiasedVar = channels.sub(mean).square().sum(new int[] {1}).div(perChannel - 1);
        mean = mean.reshape(numFeatures);
        NDArray runMean = value(store, runningMean, x);
        NDArray runVar = value(store, runningVar, x);
        InPlace.assign(runMean, mean.mul(momentum).add(runMean.toType(DataType.FLOAT64, false).mul(1.0 - momentum)));
        InPlace.assign(runVar,
                unbiasedVar.mul(momentum).add(runVar.toType(DataType.FLOAT64, false).mul(1.0 - momentum)));
        value(store, numBatchesTracked, x).addi(1);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, numFeatures, "BatchNorm2d");
        return input;
    }
}
