package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class TorchModuleLoadingTest {

    @Test
    void twoModulesLoadedFromOneStateDictDoNotShareTheirTensors() {
        try (NDManager m = TensorFixture.manager()) {
            Map<String, NDArray> weights = stateDict(
                    "weight", array(m, new Shape(1), 1), "bias", array(m, new Shape(1), 0),
                    "running_mean", array(m, new Shape(1), 0), "running_var", array(m, new Shape(1), 1),
                    "num_batches_tracked", m.create(5L));
            BatchNorm2d first = new BatchNorm2d(1, 1e-5f, 0.1f);
            BatchNorm2d second = new BatchNorm2d(1, 1e-5f, 0.1f);
            first.loadStateDict(weights, m);
            second.loadStateDict(weights, m);

            first.forward(TensorFixture.store(m), array(m, new Shape(1, 1, 1, 2), 1, 3), null);

            assertEquals(6L, first.namedTensors().get("num_batches_tracked").getArray().getLong());
            assertEquals(5L, second.namedTensors().get("num_batches_tracked").getArray().getLong());
            assertEquals(5L, weights.get("num_batches_tracked").getLong());
            assertArrayEquals(new float[] {0}, second.namedTensors().get("running_mean").getArray().toFloatArray());
            assertArrayEquals(new float[] {0}, weights.get("running_mean").toFloatArray());
        }
    }
}
