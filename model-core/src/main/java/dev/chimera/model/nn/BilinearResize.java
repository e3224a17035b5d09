package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing exactly as {@code F.interpolate(mode='bilinear', align_corners=False)} without antialiasing, for
 * any size, written as two matrix products: output i reads source max((i + 0.5)·in/out − 0.5, 0) from its two
 * neighbours. DJL's native bilinear op antialiases when it shrinks an image, which torch does not by default.
 */
public final class BilinearResize {

    private BilinearResize() {
    }

    /** The [out, in] matrix M with output = M · input along one axis. */
    public static float[] matrix(int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("invalid bilinear resize " + in + " -> " + out);
        }
        float[] m = new float[out * in];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double source = Math.max((i + 0.5) * scale - 0.5, 0);
            int lower = (int) source;
            int upper = lower < in - 1 ? lower + 1 : lower;
            double upperWeight = source - lower;
            m[i * in + lower] += (float) (1 - upperWeight);
            m[i * in + upper] += (float) upperWeight;
        }
        return m;
    }

    /** Resizes {@code x} [N, C, H, W] to {@code height}×{@code width}. */
    public static NDArray resize(NDArray x, long height, long width) {
        Shape shape = x.getShape();
        int inHeight = (int) shape.get(2);
        int inWidth = (int) shape.get(3);
        NDArray rows = x.getManager().create(matrix(inHeight, (int) height), new Shape(height, inHeight))
                .toType(x.getDataType(), false);
        NDArray cols = x.getManager().create(matrix(inWidth, (int) width), new Shape(width, inWidth))
                .toType(x.getDataType(), false);
        return rows.matMul(x).matMul(cols.transpose());
    }
}
