package dev.chimera.model.imaging;

/**
 * Pillow's {@code BICUBIC} resize of an 8-bit picture, integer for integer as {@code Resample.c} computes it: a cubic
 * filter with a = −0.5, stretched by the shrink factor when shrinking, each output's weights normalised and turned
 * into fixed point with 22 fraction bits, a horizontal pass whose result is rounded and clipped to 8 bits, then the
 * vertical pass. This is what {@code Image.resize} does to an RGB picture by default.
 */
final class PilBicubic {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private PilBicubic() {
    }

    /** {@code planes} planes of 8-bit levels, {@code height}×{@code width} each, resized to the output size. */
    static int[] resize(int[] levels, int planes, int height, int width, int outHeight, int outWidth) {
        int[] rows = levels;
        int rowsWidth = width;
        if (outWidth != width) {
            Coefficients across = Coefficients.of(width, outWidth);
            rows = new int[planes * height * outWidth];
            for (int row = 0; row < planes * height; row++) {
                across.apply(levels, row * width, 1, rows, row * outWidth, 1);
            }
            rowsWidth = outWidth;
        }
        if (outHeight == height) {
            return rows;
        }
        Coefficients down = Coefficients.of(height, outHeight);
        int[] resized = new int[planes * outHeight * rowsWidth];
        for (int p = 0; p < planes; p++) {
            for (int x = 0; x < rowsWidth; x++) {
                down.apply(rows, p * height * rowsWidth + x, rowsWidth, resized, p * outHeight * rowsWidth + x,
                        rowsWidth);
            }
        }
        return resized;
    }

    private static double cubic(double x) {
        double d = Math.abs(x);
        if (d < 1.0) {
            return ((A + 2.0) * d - (A + 3.0)) * d * d + 1.0;
        }
        if (d < 2.0) {
            return (((d - 5.0) * d + 8.0) * d - 4.0) * A;
        }
        return 0.0;
    }

    /** The fixed-point taps of one dimension, as {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}. */
    private record Coefficients(int[] first, int[][] weights) {

        static Coefficients of(int in, int out) {
            double scale = (double) in / out;
            double stretch = Math.max(scale, 1.0);
            double support = SUPPORT * stretch;
            double shrink = 1.0 / stretch;
            int[] first = new int[out];
            int[][] weights = new int[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                // Truncation toward zero, as the C original casts.
                int from = Math.max((int) (centre - support + 0.5), 0);
                int to = Math.min((int) (centre + support + 0.5), in);
                double[] raw = new double[to - from];
                double sum = 0.0;
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = cubic((from + j - centre + 0.5) * shrink);
                    sum += raw[j];
                }
                weights[i] = new int[raw.length];
                for (int j = 0; j < raw.length; j++) {
                    double normalised = sum != 0.0 ? raw[j] / sum : raw[j];
                    double fixed = normalised * (1 << PRECISION_BITS);
                    weights[i][j] = (int) (normalised < 0 ? fixed - 0.5 : fixed + 0.5);
                }
                first[i] = from;
            }
            return new Coefficients(first, weights);
        }

        void apply(int[] source, int sourceOffset, int sourceStride, int[] target, int targetOffset,
                int targetStride) {
            for (int i = 0; i < first.length; i++) {
                int sum = 1 << (PRECISION_BITS - 1);
                for (int j = 0; j < weights[i].length; j++) {
                    sum += source[sourceOffset + (first[i] + j) * sourceStride] * weights[i][j];
                }
                target[targetOffset + i * targetStride] = clip8(sum);
            }
        }

        private static int clip8(int sum) {
            if (sum >= 255 << PRECISION_BITS) {
                return 255;
            }
            return sum <= 0 ? 0 : sum >> PRECISION_BITS;
        }
    }
}
