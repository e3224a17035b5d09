package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ParameterFreeBatchNormTest {

    @Test
    void keepsTheBuffersOfAnAffineFreeBatchNorm() {
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new ParameterFreeBatchNorm(3).namedTensors().keySet()));
        assertEquals(new Shape(), new ParameterFreeBatchNorm(3).namedShapes().get("num_batches_tracked"));
    }

    @Test
    void normalisesEachChannelWithItsRunningStatisticsNotTheBatchOnes() {
        try (NDManager m = TensorFixture.manager()) {
            ParameterFreeBatchNorm norm = new ParameterFreeBatchNorm(2);
            // var + eps = 4 and 0.25: the channels divide by 2 and 0.5
            norm.loadStateDict(stateDict("running_mean", array(m, new Shape(2), 1, -2),
                    "running_var", array(m, new Shape(2), 4 - 1e-5f, 0.25f - 1e-5f),
                    "num_batches_tracked", m.create(7L)), m);
            NDArray x = array(m, new Shape(1, 2, 1, 2), 3, 3, -2, -1);
            NDArray y = norm.forward(TensorFixture.store(m), x, null);
            // channel 0 is constant, so batch statistics would give zeros; channel 1 becomes (x + 2) / 0.5
            assertValues(new Shape(1, 2, 1, 2), new float[] {1, 1, 0, 2}, y, 1e-5f);
        }
    }

    @Test
    void usesEpsInsideTheSquareRoot() {
        try (NDManager m = TensorFixture.manager()) {
            ParameterFreeBatchNorm norm = new ParameterFreeBatchNorm(1, 0.5f);
            norm.loadStateDict(stateDict("running_mean", array(m, new Shape(1), 0),
                    "running_var", array(m, new Shape(1), 3.5f), "num_batches_tracked", m.create(0L)), m);
            NDArray y = norm.forward(TensorFixture.store(m), array(m, new Shape(1, 1, 1, 1), 6), null);
            assertValues(new Shape(1, 1, 1, 1), new float[] {3}, y, 1e-6f);
        }
    }
}
