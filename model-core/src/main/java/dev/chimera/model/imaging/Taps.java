package dev.chimera.model.imaging;

/**
 * The filter taps of a one-dimensional triangle (bilinear) resize, computed as PIL's {@code precompute_coeffs}
 * does: output i is centred on source position {@code (i + 0.5) · in / out}, the filter is stretched by the shrink
 * factor when shrinking, and each output's weights are normalised to sum to one.
 */
final class Taps {

    private final int[] first;
    private final float[][] weights;

    private Taps(int[] first, float[][] weights) {
        this.first = first;
        this.weights = weights;
    }

    static Taps triangle(int in, int out) {
        return triangle(in, out, 0, out);
    }

    /**
     * The taps of outputs {@code from} to {@code from + count − 1} of an {@code in} → {@code out} resize, as in the
     * whole resize: a window of a very long resize costs only its own outputs.
     */
    static Taps triangle(int in, int out, int fromOutput, int count) {
        if (fromOutput < 0 || count < 0 || fromOutput + count > out) {
            throw new IllegalArgumentException("outputs " + fromOutput + "+" + count + " of a resize to " + out);
        }
        double scale = (double) in / out;
        double stretch = Math.max(scale, 1.0);
        int[] first = new int[count];
        float[][] weights = new float[count][];
        for (int k = 0; k < count; k++) {
            int i = fromOutput + k;
            double centre = (i + 0.5) * scale;
            // Truncation toward zero, as the C original casts.
            int from = Math.max((int) (centre - stretch + 0.5), 0);
            int to = Math.min((int) (centre + stretch + 0.5), in);
            double[] raw = new double[to - from];
            double sum = 0;
            for (int j = 0; j < raw.length; j++) {
                raw[j] = Math.max(0.0, 1.0 - Math.abs((from + j - centre + 0.5) / stretch));
                sum += raw[j];
            }
            weights[k] = new float[raw.length];
            for (int j = 0; j < raw.length; j++) {
                weights[k][j] = (float) (raw[j] / sum);
            }
            first[k] = from;
        }
        return new Taps(first, weights);
    }

    /** Filters one line of {@code in} samples at {@code source[offset + k·stride]} into {@code out} samples. */
    void apply(float[] source, int sourceOffset, int sourceStride, float[] target, int targetOffset,
            int targetStride) {
        for (int i = 0; i < first.length; i++) {
            float sum = 0f;
            for (int j = 0; j < weights[i].length; j++) {
                sum += weights[i][j] * source[sourceOffset + (first[i] + j) * sourceStride];
            }
            target[targetOffset + i * targetStride] = sum;
        }
    }
}
