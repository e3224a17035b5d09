package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ResamplingTest {

    @Test
    void nearestTimesTwoRepeatsEachPixelInATwoByTwoBlock() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray y = new Upsample(2, Upsample.Mode.NEAREST).forward(TensorFixture.store(m),
                    array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4), null);
            assertValues(new Shape(1, 1, 4, 4), new float[] {
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4}, y, 0f);
        }
    }

    @Test
    void nearestResizeTakesTheSourcePixelAtFloorOfIndexTimesInOverOut() {
        try (NDManager m = TensorFixture.manager()) {
            // 3 → 5: floor(i·3/5) = 0, 0, 1, 1, 2; "nearest-exact" would give 0, 0, 1, 2, 2
            NDArray y = Upsample.resize(array(m, new Shape(1, 1, 1, 3), 1, 2, 3), 1, 5, Upsample.Mode.NEAREST);
            assertValues(new Shape(1, 1, 1, 5), new float[] {1, 1, 2, 2, 3}, y, 0f);
            // 5 → 2 downsampling: floor(i·5/2) = 0, 2
            NDArray down = Upsample.resize(array(m, new Shape(1, 1, 1, 5), 1, 2, 3, 4, 5), 1, 2,
                    Upsample.Mode.NEAREST);
            assertValues(new Shape(1, 1, 1, 2), new float[] {1, 3}, down, 0f);
        }
    }

    @Test
    void bilinearResizeUsesHalfPixelCentresWithoutAlignedCorners() {
        try (NDManager m = TensorFixture.manager()) {
            // 2 → 4: sources −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last pixel)
            NDArray y = Upsample.resize(array(m, new Shape(1, 1, 1, 2), 0, 4), 1, 4, Upsample.Mode.BILINEAR);
            assertValues(new Shape(1, 1, 1, 4), new float[] {0, 1, 3, 4}, y, 1e-6f);
        }
    }

    @Test
    void averagePoolingAfterReflectionPaddingMatchesTheReferenceDownsampling() {
        try (NDManager m = TensorFixture.manager()) {
            float[] x = new float[16];
            for (int i = 0; i < 16; i++) {
                x[i] = i + 1;
            }
            Sequential down = new Sequential().add(new ReflectionPad2d(1)).add(new AvgPool2d(3, 2));
            NDArray y = down.forward(TensorFixture.store(m), array(m, new Shape(1, 1, 4, 4), x), null);
            // window rows/columns (1, 0, 1) then (1, 2, 3) of the reflected 4×4 grid of 1..16
            assertValues(new Shape(1, 1, 2, 2), new float[] {39f / 9, 51f / 9, 87f / 9, 99f / 9}, y, 1e-5f);
        }
    }
}
