package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;

/** One training step at a time on a fixed pair: what the losses do, and what a step with bad numbers does. */
class SpliceTrainerTest {

    /** A step past the warm-up that uses the entire image, so every step optimises the same five terms. */
    private static final long FULL_STEP = 2;

    @Test
    void repeatedStepsOnAFixedPairGiveFiniteLossesThatFall() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceTrainer trainer = trainer(generator(manager), manager);
            SpliceTrainer.StepInputs inputs = fixedPair(manager);
            List<Double> totals = new ArrayList<>();

            for (int i = 0; i < 12; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    LossTerms terms = trainer.step(inputs).losses();
                    assertEquals(5, terms.terms().size(), "every term is on at step " + FULL_STEP);
                    totals.add((double) terms.total().getFloat());
                }
            }

            assertTrue(totals.stream().allMatch(Double::isFinite), totals.toString());
            assertTrue(totals.get(totals.size() - 1) < 0.9 * totals.get(0), "the loss falls: " + totals);
        }
    }

    @Test
    void aStepWithANonFiniteLossStopsWithTheStepAndTheTermAndLeavesTheGeneratorAsItWas() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceGenerator generator = generator(manager);
            SpliceTrainer trainer = trainer(generator, manager);
            SpliceTrainer.StepInputs inputs = fixedPair(manager);
            NDArray firstConv = generator.namedTensors().get("1.0.1.0.weight").getArray();
            NDArray before = firstConv.duplicate();
            inputs.globalB().set(new NDIndex("0, 0, 0, 0"), Float.NaN);

            TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                    () -> trainer.step(inputs));

            assertEquals(FULL_STEP, diverged.step());
            assertTrue(diverged.getMessage().contains("is NaN"), diverged.getMessage());
            assertEquals(before, firstConv, "Adam took no step");
        }
    }

    private static SpliceGenerator generator(NDManager manager) {
        SpliceGenerator generator = new SpliceGenerator(SpliceFixtures.SKIP);
        SpliceInitialisation.initialise(generator, new SpliceRandom(5), manager);
        return generator;
    }

    private static SpliceTrainer trainer(SpliceGenerator generator, NDManager manager) {
        return new SpliceTrainer(generator, new SpliceLoss(SpliceFixtures.vit(manager), SpliceFixtures.LOSS),
                TorchAdam.splice(), new ParameterStore(manager, false));
    }

    private static SpliceTrainer.StepInputs fixedPair(NDManager manager) {
        NDArray a = SpliceFixtures.image(manager, 1, 40, 48);
        NDArray b = SpliceFixtures.image(manager, 2, 44, 36);
        return new SpliceTrainer.StepInputs(a.get(":, :, 1:40, 5:44").duplicate(), b.get(":, :, 3:39, 0:36")
                .duplicate(), a, FULL_STEP);
    }
}
