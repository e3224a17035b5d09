package dev.chimera.model.nn;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * {@code nn.GroupNorm}: each sample's channels are split into groups normalised by their own mean and biased variance,
 * then scaled and shifted per channel by {@code weight} and {@code bias} when affine.
 */
public final class GroupNorm extends UnaryModule {

    private final int numGroups;
    private final int numChannels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /** A group norm of {@code numChannels} channels in {@code numGroups} groups. */
    public GroupNorm(int numGroups, int numChannels, float eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException(numChannels + " channels do not split into " + numGroups + " groups");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? parameter("weight", new Shape(numChannels), Initializer.ONES) : null;
        this.bias = affine ? parameter("bias", new Shape(numChannels), Initializer.ZEROS) : null;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        Shape shape = x.getShape();
        long planes = shape.get(0) * numGroups;
        NDArray grouped = x.reshape(1, planes, -1);
        NDArray ones = x.getManager().ones(new Shape(planes), x.getDataType());
        NDArray zeros = x.getManager().zeros(new Shape(planes), x.getDataType());
        NDArray out = BatchNorm.batchNorm(grouped, zeros, ones, ones.duplicate(), zeros.duplicate(), 1, 0.1f, eps,
                true).singletonOrThrow().reshape(shape);
        if (weight == null) {
            return out;
        }
        Shape perChannel = channelShape(shape);
        return out.mul(value(store, weight, x).reshape(perChannel)).add(value(store, bias, x).reshape(perChannel));
    }

    private Shape channelShape(Shape input) {
        long[] dims = new long[input.dimension()];
        Arrays.fill(dims, 1);
        dims[1] = numChannels;
        return new Shape(dims);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() < 2 || input.get(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm expects [N, " + numChannels + ", ...], got " + input);
        }
        return input;
    }
}
