package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The transfer's masked AdaIN when self-segmentation finds no object: with fewer than two mask pixels its statistics
 * would be 0/0 (the reference turns the output into NaN), so the transfer takes plain AdaIN and says so. The
 * denoiser is a plain stand-in whose predictions are fixed multiples of the latents and whose captured attention is
 * chosen by the test, so only the AdaIN differs between the runs compared.
 */
class MaskedAdainFallbackTest {

    private static final int STEPS = 10;
    private static final int SKIP = 2;
    /** The latent side, and so the side of the segmentation's token grid. */
    private static final int SIDE = 8;
    private static final int CHANNELS = 4;

    @Test
    void anObjectMaskWithoutPixelsFallsBackToPlainAdainAndSaysSo() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A noun map that is the same everywhere normalises to 0 in every cluster: no cluster is the object.
            AppearanceTransfer masked = transfer(true, owner -> owner.ones(new Shape(2, SIDE * SIDE / 4)));
            AppearanceTransfer plain = transfer(false, null);

            float[] maskedOut = run(masked, manager);
            float[] plainOut = run(plain, manager);

            assertTrue(masked.maskFellBack(), "the empty mask is reported");
            assertFalse(plain.maskFellBack());
            assertAllFinite(maskedOut);
            assertArrayEquals(plainOut, maskedOut, "the fallback is exactly plain AdaIN");
        }
    }

    @Test
    void anObjectMaskOfSeveralPixelsKeepsMaskedAdain() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AppearanceTransfer masked = transfer(true, MaskedAdainFallbackTest::nounOnTheTopLeftQuadrant);
            AppearanceTransfer plain = transfer(false, null);

            float[] maskedOut = run(masked, manager);
            float[] plainOut = run(plain, manager);

            assertFalse(masked.maskFellBack(), "the top-left quadrant is the object");
            assertAllFinite(maskedOut);
            assertFalse(Arrays.equals(plainOut, maskedOut), "masked AdaIN changes other numbers");
        }
    }

    /** A transfer of {@value #STEPS} steps from {@value #SKIP} with AdaIN from model step 2 on. */
    private static AppearanceTransfer transfer(boolean maskedAdain, Function<NDManager, NDArray> noun) {
        CiaSettings settings = new CiaSettings("cat", STEPS, SKIP, 3.5, 3.5, 1.67, maskedAdain, new StepRange(1, 8),
                new StepRange(1, 6), new StepRange(2, STEPS), 5L, SamplerPath.SHORTCUT, 0);
        return new AppearanceTransfer(DdimSchedule.stableDiffusion(STEPS), new StandInDenoiser(noun), settings,
                new ObjectSegmentation(KMeans.segmentation(settings.seed())));
    }

    /** Row 0 (the output) of the final latents, from two fixed, varied inversions. */
    private static float[] run(AppearanceTransfer transfer, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            Inversion appearance = inversion(scope, 0.7f);
            Inversion structure = inversion(scope, 1.3f);
            NDArray embeddings = scope.zeros(new Shape(1, 77, 8));
            NDArray latents = transfer.run(appearance, structure, embeddings, StepHook.NONE, () -> false, scope);
            return latents.get(0).toFloatArray();
        }
    }

    private static Inversion inversion(NDManager manager, float frequency) {
        int rows = STEPS + 1 - SKIP;
        NDArray xts = manager.arange((float) rows * CHANNELS * SIDE * SIDE).mul(frequency).sin()
                .reshape(rows, CHANNELS, SIDE, SIDE);
        NDArray zs = manager.arange((float) (rows - 1) * CHANNELS * SIDE * SIDE).mul(frequency * 0.37f).cos()
                .mul(0.1f).reshape(rows - 1, CHANNELS, SIDE, SIDE);
        return new Inversion(xts, zs, SKIP, STEPS);
    }

    /**
     * Head-averaged cross-attention to the noun for [appearance, structure] at half the token grid's side, strong in
     * the top-left quadrant only.
     */
    private static NDArray nounOnTheTopLeftQuadrant(NDManager manager) {
        int half = SIDE / 2;
        float[] noun = new float[2 * half * half];
        for (int image = 0; image < 2; image++) {
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    noun[image * half * half + y * half + x] = y < half / 2 && x < half / 2 ? 1f : 0.1f;
                }
            }
        }
        return manager.create(noun, new Shape(2, half * half));
    }

    private static void assertAllFinite(float[] values) {
        for (float value : values) {
            assertTrue(Float.isFinite(value), "a number of the output is not finite");
        }
    }

    /**
     * Predictions that are fixed multiples of the latents, and as captured attention a self-attention in which every
     * token attends evenly to the tokens of its own quadrant (four clear clusters) with the noun map given.
     */
    private record StandInDenoiser(Function<NDManager, NDArray> noun) implements CiaDenoiser {

        @Override
        public NDArray predict(NDArray latents, int timestep, NDArray embeddings) {
            throw new UnsupportedOperationException("the transfer does not invert");
        }

        @Override
        public SwapPredictions predictTransfer(NDArray latents, int timestep, NDArray embeddings, int modelStep,
                boolean capture) {
            NDManager manager = latents.getManager();
            SegmentationAttention attention = capture
                    ? new SegmentationAttention(quadrantSelfAttention(manager), noun.apply(manager)) : null;
            return new SwapPredictions(latents.mul(0.1f), latents.mul(0.05f), attention);
        }

        private static NDArray quadrantSelfAttention(NDManager manager) {
            int tokens = SIDE * SIDE;
            float[] self = new float[2 * tokens * tokens];
            for (int image = 0; image < 2; image++) {
                for (int query = 0; query < tokens; query++) {
                    for (int key = 0; key < tokens; key++) {
                        boolean same = quadrant(query) == quadrant(key);
                        self[(image * tokens + query) * tokens + key] = same ? 1f / (tokens / 4f) : 0f;
                    }
                }
            }
            return manager.create(self, new Shape(2, tokens, tokens));
        }

        private static int quadrant(int token) {
            int y = token / SIDE;
            int x = token % SIDE;
            return (y < SIDE / 2 ? 0 : 2) + (x < SIDE / 2 ? 0 : 1);
        }
    }
}
