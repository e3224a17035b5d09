package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.chimera.model.dino.VisionTransformer;

class SpliceResumeTest {

    private static final int STEPS = 6;
    private static final long SEED = 20261121L;

    @Test
    void stepsFromARestoredCheckpointGiveTheSameGeneratorAndLossesAsAnUninterruptedRun() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer vit = SpliceFixtures.vit(manager);
            NDArray a = SpliceFixtures.image(manager, 1, 40, 48);
            NDArray b = SpliceFixtures.image(manager, 2, 40, 48);

            SpliceTraining straight = SpliceTraining.start(SpliceFixtures.SKIP, vit, SpliceFixtures.LOSS,
                    TorchAdam.splice(), a, b, SEED, manager);
            straight.run(STEPS, (step, losses) -> { }, () -> false);

            SpliceTraining interrupted = SpliceTraining.start(SpliceFixtures.SKIP, vit, SpliceFixtures.LOSS,
                    TorchAdam.splice(), a, b, SEED, manager);
            interrupted.run(STEPS / 2, (step, losses) -> { }, () -> false);
            byte[] checkpoint = SpliceCheckpoint.write(interrupted);
            interrupted.close();
            SpliceTraining resumed = SpliceCheckpoint.restore(checkpoint, SpliceFixtures.SKIP,
                    SpliceFixtures.copyOf(vit, manager), SpliceFixtures.LOSS, TorchAdam.splice(), a, b, manager);
            assertEquals(STEPS / 2, resumed.step());
            resumed.run(STEPS, (step, losses) -> { }, () -> false);

            assertEquals(STEPS, resumed.step());
            assertEquals(STEPS, resumed.adam().steps());
            assertArrayEquals(straight.randomState(), resumed.randomState());
            assertEquals(straight.lossHistory(), resumed.lossHistory());
            Map<String, Parameter> expected = straight.generator().namedTensors();
            Map<String, Parameter> actual = resumed.generator().namedTensors();
            assertEquals(expected.keySet(), actual.keySet());
            for (Map.Entry<String, Parameter> e : expected.entrySet()) {
                NDArray want = e.getValue().getArray();
                NDArray got = actual.get(e.getKey()).getArray();
                assertEquals(want.getDataType(), got.getDataType(), e.getKey());
                double difference = want.toType(DataType.FLOAT64, false).sub(got.toType(DataType.FLOAT64, false))
                        .abs().max().getDouble();
                assertTrue(difference <= 1e-6, e.getKey() + " differs by " + difference);
            }
            // Two generator passes per step plus one on each entire-image step (0, 2, 4).
            assertEquals(2 * STEPS + 3, actual.get("2.num_batches_tracked").getArray().getLong());
        }
    }
}
