package dev.chimera.model.dino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BicubicResizeTest {

    @Test
    void aFactorOfOneKeepsEveryValue() {
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, BicubicResize.matrix(3, 3, 1.0), 1e-7f);
    }

    @Test
    void theSourceCoordinateComesFromTheFactorNotFromTheSizes() {
        // 4 -> 4 by the factor 4.1/4 (DINO's +0.1): output 0 reads source 0.5/1.025 - 0.5 = -0.0122, so it is
        // smoothed although the sizes match. Taps -2..1 clamp to 0,0,0,1 with t = 0.9878.
        float[] m = BicubicResize.matrix(4, 4, 4.1 / 4);
        double t = 0.5 / 1.025 - 0.5 - Math.floor(0.5 / 1.025 - 0.5);
        double a = -0.75;
        double w0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
        double w1 = ((a + 2) * t - (a + 3)) * t * t + 1;
        double w2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
        double w3 = ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a;
        assertEquals(w0 + w1 + w2, m[0], 1e-6);
        assertEquals(w3, m[1], 1e-6);
        assertEquals(0, m[2], 0);
        assertEquals(1.0, m[0] + m[1] + m[2] + m[3], 1e-6);
    }

    @Test
    void upsamplingByTwoUsesTheQuarterAndThreeQuarterKernelWeights() {
        // Output 2 of 2 -> 4 reads source 0.75: taps at -1,0,1,2 with t = 0.75, clamped to 0,0,1,1.
        float[] m = BicubicResize.matrix(2, 4, 2.0);
        assertEquals(-0.03515625 + 0.26171875, m[2 * 2], 1e-6);
        assertEquals(0.87890625 - 0.10546875, m[2 * 2 + 1], 1e-6);
    }
}
