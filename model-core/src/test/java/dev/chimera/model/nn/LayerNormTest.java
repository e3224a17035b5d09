package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class LayerNormTest {

    @Test
    void normalisesEachRowByItsOwnMeanAndBiasedVarianceThenScalesAndShifts() {
        try (NDManager m = TensorFixture.manager()) {
            LayerNorm norm = new LayerNorm(4, 1e-6f);
            norm.loadStateDict(stateDict("weight", array(m, new Shape(4), 1, 2, 1, 1),
                    "bias", array(m, new Shape(4), 0, 0, 0, 10)), m);
            NDArray x = array(m, new Shape(2, 4), 1, 2, 3, 4, 5, 5, 5, 5);

            NDArray y = norm.forward(TensorFixture.store(m), x, null);

            // Row 1: mean 2.5, biased variance 1.25. Row 2 is constant, so it normalises to 0.
            double s = Math.sqrt(1.25 + 1e-6);
            assertValues(new Shape(2, 4), new float[] {
                (float) (-1.5 / s), (float) (2 * -0.5 / s), (float) (0.5 / s), (float) (1.5 / s + 10),
                0, 0, 0, 10}, y, 1e-5f);
        }
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = array(m, new Shape(1, 3), 1, 2, 3);
            assertThrows(IllegalArgumentException.class,
                    () -> new LayerNorm(4, 1e-6f).forward(TensorFixture.store(m), x, null));
        }
    }
}
