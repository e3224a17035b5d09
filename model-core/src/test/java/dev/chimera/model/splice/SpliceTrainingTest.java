package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

class SpliceTrainingTest {

    @Test
    void theFirstStepHasNoGlobalStructureOrIdentityTermAndTheEntireImageTermsComeEverySecondStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceTraining training = start(manager);
            List<Long> steps = new ArrayList<>();
            List<Set<String>> terms = new ArrayList<>();

            long done = training.run(3, (step, losses) -> {
                steps.add(step);
                terms.add(losses.keySet());
            }, () -> false);

            assertEquals(3, done);
            assertEquals(List.of(0L, 1L, 2L), steps);
            assertEquals(Set.of("loss_entire_ssim", "loss_entire_cls", "loss_global_cls", "loss"), terms.get(0));
            assertEquals(Set.of("loss_global_ssim", "loss_global_cls", "loss_global_id_B", "loss"), terms.get(1));
            assertEquals(Set.of("loss_global_ssim", "loss_entire_ssim", "loss_entire_cls", "loss_global_cls",
                    "loss_global_id_B", "loss"), terms.get(2));
            assertEquals(3, training.lossHistory().size());
            Map<String, Float> first = training.lossHistory().get(0);
            float weighted = first.get("loss_entire_ssim") + 10 * first.get("loss_entire_cls")
                    + 10 * first.get("loss_global_cls");
            assertEquals(weighted, first.get("loss"), 1e-6 * first.get("loss"));
        }
    }

    @Test
    void aStopRequestEndsTheRunBeforeTheNextStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceTraining training = start(manager);
            List<Long> steps = new ArrayList<>();

            long done = training.run(10, (step, losses) -> steps.add(step), () -> steps.size() >= 1);

            assertEquals(1, done);
            assertEquals(List.of(0L), steps);
            assertEquals(1, training.adam().steps());
        }
    }

    @Test
    void stepsLeaveNoTensorsBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SpliceTraining training = start(manager);
            training.run(2, (step, losses) -> { }, () -> false);
            int afterTwoSteps = ((BaseNDManager) manager).getManagedArrays().size();

            training.run(6, (step, losses) -> { }, () -> false);

            assertEquals(afterTwoSteps, ((BaseNDManager) manager).getManagedArrays().size());
        }
    }

    private static SpliceTraining start(NDManager manager) {
        NDArray a = SpliceFixtures.image(manager, 1, 40, 48);
        NDArray b = SpliceFixtures.image(manager, 2, 40, 48);
        return SpliceTraining.start(SpliceFixtures.SKIP, SpliceFixtures.vit(manager), SpliceFixtures.LOSS,
                TorchAdam.splice(), a, b, 3, manager);
    }
}
