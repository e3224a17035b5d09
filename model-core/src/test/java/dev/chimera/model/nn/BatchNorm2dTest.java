package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class BatchNorm2dTest {

    private static BatchNorm2d loaded(NDManager m) {
        BatchNorm2d norm = new BatchNorm2d(2, 1e-5f, 0.1f);
        norm.loadStateDict(stateDict(
                "weight", array(m, new Shape(2), 2, 1),
                "bias", array(m, new Shape(2), 0, 1),
                "running_mean", array(m, new Shape(2), 1, 0),
                "running_var", array(m, new Shape(2), 1, 2),
                "num_batches_tracked", m.create(7L)), m);
        return norm;
    }

    @Test
    void normalisesWithTheBatchStatisticsNotTheRunningOnes() {
        try (NDManager m = TensorFixture.manager()) {
            // Channel 0 holds 1, 2, 3, 4 (mean 2.5, biased variance 1.25); channel 1 is constant 5.
            NDArray x = array(m, new Shape(1, 2, 2, 2), 1, 2, 3, 4, 5, 5, 5, 5);

            NDArray y = loaded(m).forward(TensorFixture.store(m), x, null);

            double s = Math.sqrt(1.25 + 1e-5);
            assertValues(new Shape(1, 2, 2, 2), new float[] {
                (float) (2 * -1.5 / s), (float) (2 * -0.5 / s), (float) (2 * 0.5 / s), (float) (2 * 1.5 / s),
                1, 1, 1, 1}, y, 1e-5f);
        }
    }

    @Test
    void updatesTheRunningStatisticsWithMomentumAndTheUnbiasedVarianceAndCountsTheBatch() {
        try (NDManager m = TensorFixture.manager()) {
            BatchNorm2d norm = loaded(m);
            NDArray x = array(m, new Shape(1, 2, 2, 2), 1, 2, 3, 4, 5, 5, 5, 5);

            norm.forward(TensorFixture.store(m), x, null);

            // mean: 0.9·1 + 0.1·2.5 and 0.9·0 + 0.1·5; var: 0.9·1 + 0.1·(5/3) and 0.9·2 + 0.1·0.
            assertValues(new Shape(2), new float[] {1.15f, 0.5f},
                    norm.namedTensors().get("running_mean").getArray(), 1e-6f);
            assertValues(new Shape(2), new float[] {0.9f + 0.5f / 3, 1.8f},
                    norm.namedTensors().get("running_var").getArray(), 1e-6f);
            assertEquals(8L, norm.namedTensors().get("num_batches_tracked").getArray().getLong());
        }
    }

    @Test
    void refusesASingleValuePerChannel() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray x = array(m, new Shape(1, 2, 1, 1), 1, 2);
            assertThrows(IllegalArgumentException.class, () -> loaded(m).forward(TensorFixture.store(m), x, null));
        }
    }
}
