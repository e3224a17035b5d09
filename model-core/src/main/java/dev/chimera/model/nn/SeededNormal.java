package dev.chimera.model.nn;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * N(0, σ²) initial values drawn in Java from a seeded generator, so a seed gives the same tensor on every CPU
 * (libtorch's own normal sampler takes a different vectorised path per instruction set and gives other values).
 */
public record SeededNormal(double sigma) implements Initializer {

    /** Validates σ. */
    public SeededNormal {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
    }

    /** Values from a generator seeded with 0; {@link TorchModule#initialize} passes each tensor its own draw. */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        return draw(manager, shape, dataType, new SplittableRandom(0));
    }

    /** The next {@code shape.size()} values of {@code random}, in row-major order. */
    NDArray draw(NDManager manager, Shape shape, DataType dataType, SplittableRandom random) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = sigma * gaussian(random);
        }
        // The created array's memory belongs to its Java object, and DJL's toType(sameType, true) only aliases it:
        // the tensor handed out is a copy libtorch owns, so closing the Java array cannot free its values.
        try (NDArray doubles = manager.create(values, shape)) {
            NDArray typed = doubles.toType(dataType, false);
            return typed == doubles ? doubles.duplicate() : typed;
        }
    }

    /** A standard normal sample by the Box–Muller transform. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
