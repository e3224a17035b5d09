package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

class SpliceInitialisationTest {

    @Test
    void convolutionsAreXavierNormalWithGainTwoHundredthsAndBatchNormsStartAtUnitScale() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceGenerator generator = new SpliceGenerator(SkipConfig.splice());
            SpliceInitialisation.initialise(generator, new SpliceRandom(3), manager);
            Map<String, Parameter> tensors = generator.namedTensors();

            // 3.0.weight is [16, 36, 3, 3]: std = 0.02 · sqrt(2 / ((36 + 16) · 9)).
            NDArray conv = tensors.get("3.0.weight").getArray();
            assertEquals(0.02 * Math.sqrt(2.0 / (52 * 9)), std(conv), 0.1 * 0.02 * Math.sqrt(2.0 / (52 * 9)));
            assertEquals(0f, tensors.get("3.0.bias").getArray().abs().max().getFloat());
            // The 128-wide BatchNorm at the deepest scale.
            NDArray gamma = tensors.get("1.1.7.1.1.7.1.1.7.1.1.2.weight").getArray();
            assertEquals(1, gamma.mean().getFloat(), 0.01);
            assertEquals(0.02, std(gamma), 0.005);
            assertEquals(0f, tensors.get("2.bias").getArray().abs().max().getFloat());
            assertEquals(0f, tensors.get("2.running_mean").getArray().abs().max().getFloat());
            assertEquals(1f, tensors.get("2.running_var").getArray().min().getFloat());
            assertEquals(1f, tensors.get("2.running_var").getArray().max().getFloat());
            NDArray tracked = tensors.get("2.num_batches_tracked").getArray();
            assertEquals(DataType.INT64, tracked.getDataType());
            assertEquals(0L, tracked.getLong());
        }
    }

    @Test
    void theSameSeedGivesTheSameGenerator() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceGenerator first = new SpliceGenerator(SpliceFixtures.SKIP);
            SpliceGenerator second = new SpliceGenerator(SpliceFixtures.SKIP);
            SpliceInitialisation.initialise(first, new SpliceRandom(9), manager);
            SpliceInitialisation.initialise(second, new SpliceRandom(9), manager);

            first.namedTensors().forEach((name, p) -> assertTrue(p.getArray().contentEquals(
                    second.namedTensors().get(name).getArray()), name));
        }
    }

    private static double std(NDArray values) {
        NDArray x = values.toType(DataType.FLOAT64, false);
        return x.sub(x.mean()).square().mean().sqrt().getDouble();
    }
}
