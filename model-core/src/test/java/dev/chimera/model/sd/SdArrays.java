package dev.chimera.model.sd;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Seeded normal arrays for the SD block tests. */
final class SdArrays {

    private SdArrays() {
    }

    /** An array of the shape filled with N(0, scale²) draws from {@code seed}. */
    static NDArray normal(NDManager manager, long seed, float scale, long... shape) {
        Shape s = new Shape(shape);
        Random random = new Random(seed);
        float[] values = new float[(int) s.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return manager.create(values, s);
    }

    /** The largest absolute element-wise difference. */
    static float maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
