package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class BilinearResizeTest {

    @Test
    void shrinkingReadsTwoNeighboursWithoutAntialiasing() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = m.arange(0f, 16f).reshape(1, 1, 4, 4);

            NDArray y = Upsample.resize(x, 3, 3, Upsample.Mode.BILINEAR);

            // Scale 4/3: outputs read sources 1/6, 3/2 and 17/6 on each axis; the value is 4·row + col.
            float[] at = {1f / 6, 1.5f, 17f / 6};
            float[] expected = new float[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[i * 3 + j] = 4 * at[i] + at[j];
                }
            }
            assertValues(new Shape(1, 1, 3, 3), expected, y, 1e-5f);
        }
    }

    @Test
    void sourcesBeforeTheFirstPixelCentreClampToIt() {
        // 2 -> 3: output 0 reads source (0.5)·(2/3) − 0.5 < 0, clamped to pixel 0.
        assertArrayEquals(new float[] {1, 0, 0.5f, 0.5f, 0, 1}, BilinearResize.matrix(2, 3), 1e-6f);
    }
}
