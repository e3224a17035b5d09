package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.Checkpoints;

class DdimScheduleTest {

    private static final Path CASE = Path.of(System.getProperty("chimera.golden.dir"), "cia-sampler");

    @Test
    void theScheduleMatchesDiffusersDdimSchedulerOfTheGoldenCase() throws IOException {
        DdimSchedule schedule = DdimSchedule.stableDiffusion(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> expected = Checkpoints.read(CASE.resolve("outputs.safetensors"), manager);
            long[] timesteps = expected.get("scheduler.timesteps").toLongArray();
            assertArrayEquals(timesteps, java.util.Arrays.stream(schedule.timesteps()).asLongStream().toArray());
            assertClose(expected.get("scheduler.betas").toFloatArray(), schedule.betas(), 1e-9);
            assertClose(expected.get("scheduler.alphas_cumprod").toFloatArray(), schedule.alphasCumprod(), 1e-7);
            assertEquals(expected.get("scheduler.final_alpha_cumprod").getFloat(), schedule.finalAlphaCumprod(),
                    1e-8);
        }
    }

    @Test
    void aHundredStepsRunFrom991DownTo1AndStepTenThousandthsBelowTheFirstUseTheFinalAlpha() {
        DdimSchedule schedule = DdimSchedule.stableDiffusion(100);

        assertEquals(991, schedule.timestep(0));
        assertEquals(671, schedule.timestep(32));
        assertEquals(1, schedule.timestep(99));
        assertEquals(schedule.finalAlphaCumprod(), schedule.previousAlphaBar(1));
        assertEquals(schedule.alphaBar(981), schedule.previousAlphaBar(991));
    }

    @Test
    void theDdpmVarianceIsPositiveAndBelowOneMinusThePreviousAlpha() {
        DdimSchedule schedule = DdimSchedule.stableDiffusion(100);
        for (int t : schedule.timesteps()) {
            float variance = schedule.variance(t);
            assertTrue(variance > 0 && variance < 1 - schedule.previousAlphaBar(t), "t=" + t + ": " + variance);
        }
    }

    @Test
    void aDdpmStepPredictsTheCleanLatentAndMovesItToThePreviousNoiseLevelWithTheGivenNoiseMap() {
        DdimSchedule schedule = DdimSchedule.stableDiffusion(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray clean = manager.randomNormal(new ai.djl.ndarray.types.Shape(1, 4, 8, 8));
            NDArray eps = manager.randomNormal(clean.getShape());
            NDArray z = manager.randomNormal(clean.getShape());
            int t = schedule.timestep(4);
            float a = schedule.alphaBar(t);
            float previous = schedule.previousAlphaBar(t);
            NDArray noisy = clean.mul((float) Math.sqrt(a)).add(eps.mul((float) Math.sqrt(1 - a)));

            NDArray next = schedule.ddpmStep(noisy, t, eps, z, 1f);

            // x̂₀ is the clean latent, so x_prev = √ᾱ_prev·x₀ + √(1 − ᾱ_prev − σ²)·ε + σ·z.
            double sigma2 = schedule.variance(t);
            NDArray expected = clean.mul((float) Math.sqrt(previous))
                    .add(eps.mul((float) Math.sqrt(1 - previous - sigma2))).add(z.mul((float) Math.sqrt(sigma2)));
            float error = next.sub(expected).abs().max().getFloat();
            assertTrue(error < 1e-5f, "distance to the DDPM step " + error);
            assertEquals(501, t);
        }
    }

    private static void assertClose(float[] expected, float[] actual, double atol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], atol + 1e-5 * Math.abs(expected[i]), "index " + i);
        }
    }
}
