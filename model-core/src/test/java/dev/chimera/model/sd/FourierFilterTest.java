package dev.chimera.model.sd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.nn.TensorFixture;

/** FreeU's Fourier filter equals the reference's fftn → fftshift → central 2×2 mask → ifftshift → ifftn → real. */
class FourierFilterTest {

    private final NDManager manager = TensorFixture.manager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theFilterEqualsTheMaskedSpectrumOfTheReference() {
        for (int[] size : new int[][] {{6, 8}, {5, 7}, {2, 3}, {1, 4}}) {
            NDArray x = SdArrays.normal(manager, size[0] * 31L + size[1], 1f, 1, 2, size[0], size[1]);

            float[] filtered = FourierFilter.apply(x, 0.2f).toFloatArray();

            assertArrayEquals(reference(x.toFloatArray(), 2, size[0], size[1], 0.2), filtered, 2e-6f);
        }
    }

    @Test
    void aConstantMapIsAllLowFrequencyAndScalesWhole() {
        NDArray x = manager.full(new ai.djl.ndarray.types.Shape(1, 1, 8, 8), 3f);

        assertArrayEquals(x.mul(0.9f).toFloatArray(), FourierFilter.apply(x, 0.9f).toFloatArray(), 1e-5f);
    }

    /** The reference's steps by the DFT's definition, in double. */
    private static float[] reference(float[] x, int planes, int h, int w, double scale) {
        float[] out = new float[x.length];
        for (int p = 0; p < planes; p++) {
            double[][] re = new double[h][w];
            double[][] im = new double[h][w];
            for (int u = 0; u < h; u++) {
                for (int v = 0; v < w; v++) {
                    for (int a = 0; a < h; a++) {
                        for (int b = 0; b < w; b++) {
                            double angle = -2 * Math.PI * ((double) u * a / h + (double) v * b / w);
                            double value = x[p * h * w + a * w + b];
                            re[u][v] += value * Math.cos(angle);
                            im[u][v] += value * Math.sin(angle);
                        }
                    }
                    // fftshift moves frequency u to index (u + h/2) mod h; the mask covers indices h/2 - 1 and h/2.
                    if (masked(u, h) && masked(v, w)) {
                        re[u][v] *= scale;
                        im[u][v] *= scale;
                    }
                }
            }
            for (int a = 0; a < h; a++) {
                for (int b = 0; b < w; b++) {
                    double sum = 0;
                    for (int u = 0; u < h; u++) {
                        for (int v = 0; v < w; v++) {
                            double angle = 2 * Math.PI * ((double) u * a / h + (double) v * b / w);
                            sum += re[u][v] * Math.cos(angle) - im[u][v] * Math.sin(angle);
                        }
                    }
                    out[p * h * w + a * w + b] = (float) (sum / (h * w));
                }
            }
        }
        return out;
    }

    private static boolean masked(int frequency, int n) {
        int shifted = (frequency + n / 2) % n;
        int start = n / 2 - 1;
        // Python's slice [start:n/2+1] with start -1 (n = 1) counts from the end: index 0 only.
        return start < 0 ? shifted == 0 : shifted >= start && shifted <= n / 2;
    }
}
