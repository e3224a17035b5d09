package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ActivationTest {

    private static NDArray run(Activation activation, NDManager m, float... values) {
        return activation.forward(TensorFixture.store(m), array(m, new Shape(values.length), values), null);
    }

    @Test
    void reluZeroesNegatives() {
        try (NDManager m = TensorFixture.manager()) {
            assertValues(new Shape(3), new float[] {0, 0, 2}, run(Activation.relu(), m, -1, 0, 2), 0f);
        }
    }

    @Test
    void leakyReluScalesNegativesBySlope() {
        try (NDManager m = TensorFixture.manager()) {
            assertValues(new Shape(2), new float[] {-0.2f, 2}, run(Activation.leakyRelu(0.2f), m, -1, 2), 1e-7f);
        }
    }

    @Test
    void tanhAndSigmoidAreTheUsualCurves() {
        try (NDManager m = TensorFixture.manager()) {
            assertValues(new Shape(2), new float[] {0, (float) Math.tanh(1)}, run(Activation.tanh(), m, 0, 1), 1e-7f);
            assertValues(new Shape(2), new float[] {0.5f, (float) (1 / (1 + Math.exp(-2)))},
                    run(Activation.sigmoid(), m, 0, 2), 1e-7f);
        }
    }

    @Test
    void geluIsTheExactErfFormNotTheTanhApproximation() {
        try (NDManager m = TensorFixture.manager()) {
            // x·Φ(x) at 1 is 0.8413447; the tanh approximation gives 0.8411920
            assertValues(new Shape(2), new float[] {0.8413447f, -0.15865526f}, run(Activation.gelu(), m, 1, -1), 2e-7f);
        }
    }
}
