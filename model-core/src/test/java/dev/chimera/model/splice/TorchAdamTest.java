package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

class TorchAdamTest {

    @Test
    void theFirstStepMovesByTheLearningRateTimesTheSignWithEpsAfterTheBiasCorrection() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {1, 1, 1});
            NDArray g = m.create(new float[] {0.5f, -2f, 1e-8f});

            TorchAdam.splice().step(Map.of("w", p), Map.of("w", g));

            // p − lr·g/(sqrt(0.01·g²)/0.1 + 1e-8) = p − lr·g/(|g| + 1e-8): 1e-8 moves by half the step.
            assertArrayEquals(new float[] {1 - 0.002f, 1 + 0.002f, 1 - 0.001f}, p.toFloatArray(), 1e-7f);
        }
    }

    @Test
    void theSecondStepUsesTheDecayedSquaredGradientAndTheStepCount() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {0});
            TorchAdam adam = new TorchAdam(0.1, 0.5, 0.9, 0);

            adam.step(Map.of("w", p), Map.of("w", m.create(new float[] {1})));
            adam.step(Map.of("w", p), Map.of("w", m.create(new float[] {3})));

            // Step 1: m 0.5, v 0.1 -> −0.1·(0.5/0.5)/(sqrt(0.1)/sqrt(0.1)) = −0.1.
            // Step 2: m = 0.25 + 1.5 = 1.75, v = 0.09 + 0.9 = 0.99; −(0.1/0.75)·1.75/(sqrt(0.99)/sqrt(0.19)).
            double second = 0.1 / 0.75 * 1.75 / (Math.sqrt(0.99) / Math.sqrt(0.19));
            assertEquals(-0.1 - second, p.getFloat(), 1e-6);
            assertEquals(2, adam.steps());
        }
    }
}
