package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class PaddingAndNormTest {

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** (x − mean) / sqrt(var + eps) of 1, 2, 3, 4: mean 2.5, biased variance 1.25. */
    private static float normalised(float x, float eps) {
        return (float) ((x - 2.5) / Math.sqrt(1.25 + eps));
    }

    @Test
    void reflectionPaddingMirrorsWithoutRepeatingTheEdge() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray y = new ReflectionPad2d(1).forward(TensorFixture.store(m),
                    array(m, new Shape(1, 1, 3, 3), ONE_TO_NINE), null);
            assertValues(new Shape(1, 1, 5, 5), new float[] {
                5, 4, 5, 6, 5,
                2, 1, 2, 3, 2,
                5, 4, 5, 6, 5,
                8, 7, 8, 9, 8,
                5, 4, 5, 6, 5}, y, 0f);
        }
    }

    @Test
    void reflectionPaddingOfTwoReachesTwoPixelsIn() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray y = new ReflectionPad2d(2).forward(TensorFixture.store(m),
                    array(m, new Shape(1, 1, 3, 3), ONE_TO_NINE), null);
            float[] firstRow = Arrays.copyOfRange(y.toFloatArray(), 0, 7);
            float[] middleRow = Arrays.copyOfRange(y.toFloatArray(), 21, 28);
            assertArrayEquals(new float[] {9, 8, 7, 8, 9, 8, 7}, firstRow);
            assertArrayEquals(new float[] {6, 5, 4, 5, 6, 5, 4}, middleRow);
        }
    }

    @Test
    void reflectionPaddingRefusesAPaddingAsLargeAsTheInput() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4);
            assertThrows(IllegalArgumentException.class,
                    () -> new ReflectionPad2d(2).forward(TensorFixture.store(m), x, null));
        }
    }

    @Test
    void instanceNormUsesEachSamplesOwnStatistics() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = array(m, new Shape(2, 1, 2, 2), 1, 2, 3, 4, 10, 20, 30, 40);
            NDArray y = new InstanceNorm2d(1).forward(TensorFixture.store(m), x, null);
            float[] expected = new float[8];
            for (int i = 0; i < 4; i++) {
                expected[i] = normalised(i + 1, 1e-5f);
                // the second sample is ten times the first: variance 125, so eps weighs 100 times less
                expected[i + 4] = (float) ((10 * (i + 1) - 25) / Math.sqrt(125 + 1e-5));
            }
            assertValues(new Shape(2, 1, 2, 2), expected, y, 1e-5f);
        }
    }

    @Test
    void affineInstanceNormScalesAndShiftsPerChannel() {
        try (NDManager m = TensorFixture.manager()) {
            InstanceNorm2d norm = new InstanceNorm2d(2, 0.25f, true);
            norm.loadStateDict(stateDict("weight", array(m, new Shape(2), 2, -1),
                    "bias", array(m, new Shape(2), 1, 0)), m);
            NDArray x = array(m, new Shape(1, 2, 2, 2), 1, 2, 3, 4, 1, 2, 3, 4);
            NDArray y = norm.forward(TensorFixture.store(m), x, null);
            float[] expected = new float[8];
            for (int i = 0; i < 4; i++) {
                expected[i] = 2 * normalised(i + 1, 0.25f) + 1;
                expected[i + 4] = -normalised(i + 1, 0.25f);
            }
            assertValues(new Shape(1, 2, 2, 2), expected, y, 1e-5f);
        }
    }

    @Test
    void groupNormNormalisesEachGroupOfChannelsTogether() {
        try (NDManager m = TensorFixture.manager()) {
            GroupNorm norm = new GroupNorm(2, 4, 1e-5f, true);
            norm.loadStateDict(stateDict("weight", array(m, new Shape(4), 1, 1, 1, 3),
                    "bias", array(m, new Shape(4), 0, 0, 0, 1)), m);
            // group 0 = channels 0, 1 holding 1, 2 | 3, 4; group 1 = channels 2, 3 holding 4, 3 | 2, 1
            NDArray x = array(m, new Shape(1, 4, 1, 2), 1, 2, 3, 4, 4, 3, 2, 1);
            NDArray y = norm.forward(TensorFixture.store(m), x, null);
            float[] expected = {
                normalised(1, 1e-5f), normalised(2, 1e-5f), normalised(3, 1e-5f), normalised(4, 1e-5f),
                normalised(4, 1e-5f), normalised(3, 1e-5f),
                3 * normalised(2, 1e-5f) + 1, 3 * normalised(1, 1e-5f) + 1};
            assertValues(new Shape(1, 4, 1, 2), expected, y, 1e-5f);
        }
    }

    @Test
    void groupNormRefusesChannelsThatDoNotSplitIntoGroups() {
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4, 1e-5f, true));
    }
}
