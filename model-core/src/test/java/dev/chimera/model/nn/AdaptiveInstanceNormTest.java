package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;

class AdaptiveInstanceNormTest {

    private static float normalised(float x) {
        return (float) ((x - 2.5) / Math.sqrt(1.25 + 1e-5));
    }

    private static PairList<String, Object> adain(AdainValues values) {
        PairList<String, Object> params = new PairList<>();
        params.add(AdaptiveInstanceNorm2d.PARAMS_KEY, values);
        return params;
    }

    @Test
    void adainScalesByStdAndShiftsByMeanPerSample() {
        try (NDManager m = TensorFixture.manager()) {
            AdaptiveInstanceNorm2d norm = new AdaptiveInstanceNorm2d(1);
            // sample 0: mean 1, std 2; sample 1: mean −1, std 0.5
            NDArray params = array(m, new Shape(2, 2), 1, 2, -1, 0.5f);
            NDArray x = array(m, new Shape(2, 1, 2, 2), 1, 2, 3, 4, 1, 2, 3, 4);
            NDArray y = norm.forward(TensorFixture.store(m), x, adain(AdainValues.split(params, norm)));
            float[] expected = new float[8];
            for (int i = 0; i < 4; i++) {
                expected[i] = 2 * normalised(i + 1) + 1;
                expected[i + 4] = 0.5f * normalised(i + 1) - 1;
            }
            assertValues(new Shape(2, 1, 2, 2), expected, y, 1e-5f);
        }
    }

    @Test
    void adainRunningBuffersAreInTheStateDictButDoNotChangeTheOutput() {
        try (NDManager m = TensorFixture.manager()) {
            AdaptiveInstanceNorm2d norm = new AdaptiveInstanceNorm2d(1);
            assertEquals(List.of("running_mean", "running_var"), List.copyOf(norm.namedTensors().keySet()));
            norm.loadStateDict(TensorFixture.stateDict("running_mean", array(m, new Shape(1), 7),
                    "running_var", array(m, new Shape(1), 9)), m);
            NDArray x = array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4);
            NDArray y = norm.forward(TensorFixture.store(m), x,
                    adain(AdainValues.split(array(m, new Shape(1, 2), 0, 1), norm)));
            float[] expected = {normalised(1), normalised(2), normalised(3), normalised(4)};
            assertValues(new Shape(1, 1, 2, 2), expected, y, 1e-5f);
        }
    }

    @Test
    void parametersSplitPerLayerInModuleOrderAsMeanThenStd() {
        try (NDManager m = TensorFixture.manager()) {
            AdaptiveInstanceNorm2d first = new AdaptiveInstanceNorm2d(1);
            AdaptiveInstanceNorm2d second = new AdaptiveInstanceNorm2d(2);
            Sequential net = new Sequential().add(first).add(second);
            assertEquals(6, AdainValues.count(net));
            AdainValues values = AdainValues.split(array(m, new Shape(1, 6), 1, 2, 3, 4, 5, 6), net);
            assertValues(new Shape(1, 1), new float[] {1}, values.of(first).mean(), 0f);
            assertValues(new Shape(1, 1), new float[] {2}, values.of(first).std(), 0f);
            assertValues(new Shape(1, 2), new float[] {3, 4}, values.of(second).mean(), 0f);
            assertValues(new Shape(1, 2), new float[] {5, 6}, values.of(second).std(), 0f);
        }
    }

    @Test
    void refusesAParameterVectorOfTheWrongWidth() {
        try (NDManager m = TensorFixture.manager()) {
            AdaptiveInstanceNorm2d norm = new AdaptiveInstanceNorm2d(2);
            assertThrows(IllegalArgumentException.class,
                    () -> AdainValues.split(array(m, new Shape(1, 3), 1, 2, 3), norm));
        }
    }

    @Test
    void refusesToRunWithoutItsParameters() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4);
            assertThrows(IllegalStateException.class,
                    () -> new AdaptiveInstanceNorm2d(1).forward(TensorFixture.store(m), x, new PairList<>()));
        }
    }
}
