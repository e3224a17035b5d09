package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code F.interpolate(mode='bicubic', align_corners=False, scale_factor=s)} along one axis, written as a matrix:
 * output i reads source (i + 0.5)/s − 0.5 through the cubic convolution kernel with A = −0.75 over four taps whose
 * indices are clamped to the border. The source coordinate comes from the given factor, not from in/out sizes, which
 * is what DINO's position-embedding interpolation relies on (DJL's size-based bicubic maps coordinates differently).
 */
public final class BicubicResize {

    private static final double A = -0.75;

    private BicubicResize() {
    }

    /** The [out, in] matrix M with output = M · input along the resized axis. */
    public static float[] matrix(int in, int out, double scaleFactor) {
        if (in <= 0 || out <= 0 || !(scaleFactor > 0)) {
            throw new IllegalArgumentException("invalid bicubic resize " + in + " -> " + out + " by " + scaleFactor);
        }
        float[] m = new float[out * in];
        double step = 1.0 / scaleFactor;
        for (int i = 0; i < out; i++) {
            double source = (i + 0.5) * step - 0.5;
            int base = (int) Math.floor(source);
            double t = source - base;
            double[] taps = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
            for (int k = 0; k < 4; k++) {
                int index = Math.min(Math.max(base - 1 + k, 0), in - 1);
                m[i * in + index] += (float) taps[k];
            }
        }
        return m;
    }

    /** The kernel for |x| ≤ 1. */
    private static double cubicNear(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** The kernel for 1 < |x| < 2. */
    private static double cubicFar(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    /**
     * Resizes a grid of vectors {@code grid} [rows, cols, D] to [outRows, outCols, D] with the given per-axis
     * factors, as bicubic interpolation of the [1, D, rows, cols] image would.
     */
    public static NDArray resize(NDArray grid, int outRows, int outCols, double rowFactor, double colFactor) {
        Shape shape = grid.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("bicubic grid resize expects [rows, cols, D], got " + shape);
        }
        int rows = (int) shape.get(0);
        int cols = (int) shape.get(1);
        long dim = shape.get(2);
        NDArray rowMatrix = grid.getManager().create(matrix(rows, outRows, rowFactor), new Shape(outRows, rows))
                .toType(grid.getDataType(), false);
        NDArray colMatrix = grid.getManager().create(matrix(cols, outCols, colFactor), new Shape(outCols, cols))
                .toType(grid.getDataType(), false);
        NDArray alongRows = rowMatrix.matMul(grid.reshape(rows, cols * dim)).reshape(outRows, cols, dim);
        return colMatrix.matMul(alongRows);
    }
}
