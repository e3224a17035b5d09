package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.weights.Checkpoints;

/**
 * The sampler on the tiny networks of the golden case cia-sampler (32² latents, 10 steps, skip 2): the two exact
 * shortcuts agree with the faithful path, memory stays flat over the steps, and the facade reports, previews,
 * cancels and round-trips its inversions.
 */
class CiaSamplerTest {

    private static final Path CASE = Path.of(System.getProperty("chimera.golden.dir"), "cia-sampler");
    private static final float BATCH_ROUNDING = 1e-4f;

    private static NDManager weights;
    private static UNet2DConditionModel unet;
    private static AutoencoderKL vae;
    private static Map<String, NDArray> inputs;
    private static CiaSettings settings;

    @BeforeAll
    static void loadTheTinyNetworks() throws IOException {
        weights = NDManager.newBaseManager();
        JsonNode hyper = new ObjectMapper().readTree(CASE.resolve("config.json").toFile()).path("hyperparameters");
        Map<String, NDArray> state = Checkpoints.read(CASE.resolve("weights.safetensors"), weights);
        unet = new UNet2DConditionModel(SdUnetConfig.fromJson(hyper.path("unet_config")));
        unet.loadStateDict(Checkpoints.withPrefix(state, "unet."), weights);
        vae = new AutoencoderKL(SdVaeConfig.fromJson(hyper.path("vae_config")));
        vae.loadPublished(Checkpoints.withPrefix(state, "vae."), weights);
        inputs = Checkpoints.read(CASE.resolve("inputs.safetensors"), weights);
        // The case's run config: 10 steps, skip 2, swaps on model steps 2..8 (32² layers 2..7), AdaIN from 4.
        settings = new CiaSettings("animal", 10, 2, 3.5, 3.5, 1.67, false, new StepRange(2, 8), new StepRange(2, 7),
                new StepRange(4, 10), 5, SamplerPath.FAITHFUL, 0);
    }

    @AfterAll
    static void closeTheNetworks() {
        weights.close();
    }

    private static UnetDenoiser denoiser(SamplerPath path, ParameterStore store) {
        return new UnetDenoiser(unet, store, UnetDenoiser.swapSchedule(settings), path, settings.nounToken());
    }

    private static float maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void oneBatchFourPassGivesTheSwapAndNoSwapPredictionsOfTheTwoBatchThreePasses() {
        try (NDManager manager = weights.newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray latents = manager.randomNormal(new ai.djl.ndarray.types.Shape(3, 4, 32, 32));
            NDArray text = inputs.get("prompt_embeds").repeat(0, 3);
            for (int step : new int[] {3, 5}) {
                SwapPredictions faithful = denoiser(SamplerPath.FAITHFUL, store).predictTransfer(latents, 401, text,
                        step, false);
                SwapPredictions shortcut = denoiser(SamplerPath.SHORTCUT, store).predictTransfer(latents, 401, text,
                        step, false);

                // A batch of four sums in another order than two batches of three: predictions of magnitude ~2
                // differed by up to 1.1e-5 over 80 random latents; the swap itself moves them by ~0.2.
                assertTrue(maxDifference(faithful.swap(), shortcut.swap()) < BATCH_ROUNDING, "swap at step " + step);
                assertTrue(maxDifference(faithful.noSwap(), shortcut.noSwap()) < BATCH_ROUNDING,
                        "no swap at step " + step);
                // The swap acts on row 0 only, so the comparison is not between equal predictions.
                assertTrue(maxDifference(faithful.swap().get(0), faithful.noSwap().get(0)) > 100 * BATCH_ROUNDING);
                assertTrue(maxDifference(faithful.swap().get("1:"), faithful.noSwap().get("1:")) < 1e-6f);
            }
        }
    }

    @Test
    void invertingOnlyFromTheSkippedStepGivesTheSameNoiseMapsAndLatentsTheTransferReads() {
        try (NDManager manager = weights.newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            DdimSchedule schedule = DdimSchedule.stableDiffusion(10);
            EditFriendlyInversion inversion = new EditFriendlyInversion(schedule,
                    denoiser(SamplerPath.FAITHFUL, store), 3.5);
            NDArray latent = vae.encodeMode(store, inputs.get("images").get("0:1"));
            InversionNoise noise = new GivenInversionNoise(inputs.get("inversion_noise.app"));
            NDArray prompt = inputs.get("prompt_embeds");
            NDArray empty = inputs.get("uncond_embeds");

            Inversion full = inversion.invert(latent, prompt, empty, noise, 0, StepHook.NONE, () -> false, manager);
            Inversion skipped = inversion.invert(latent, prompt, empty, noise, 2, StepHook.NONE, () -> false,
                    manager);

            // z of step s reads only x_s and x_{s+1}, so the maps from step 2 on are the same computation.
            assertTrue(full.noiseFrom(2).contentEquals(skipped.noiseFrom(2)));
            for (int step = 3; step < 10; step++) {
                assertTrue(full.latent(step).contentEquals(skipped.latent(step)), "x_t of step " + step);
            }
            // x at the skipped step keeps its drawn value; the full run wrote μ + σ·z over it.
            assertTrue(maxDifference(full.latent(2), skipped.latent(2)) < 1e-5f);
        }
    }

    @Test
    void theShortcutJobEndsAtTheFaithfulJobsLatentsAndImages() {
        try (NDManager manager = weights.newSubManager()) {
            CrossImageAttention.Result faithful = facade(settings, manager).run(image(0), image(1), CiaProgress.NONE,
                    () -> false, manager);
            CrossImageAttention.Result shortcut = facade(settings.withPath(SamplerPath.SHORTCUT), manager).run(
                    image(0), image(1), CiaProgress.NONE, () -> false, manager);

            // Same tolerance as the golden case's final latents and images.
            assertTrue(maxDifference(faithful.latents(), shortcut.latents()) < 4e-3f);
            assertTrue(maxDifference(faithful.images(), shortcut.images()) < 7e-4f);
            assertPicture(shortcut.output());
        }
    }

    @Test
    void transferStepsLeaveNothingBehindInTheirManagerOrInTheWeights() {
        try (NDManager manager = weights.newSubManager()) {
            CrossImageAttention cia = facade(settings.withPath(SamplerPath.SHORTCUT), manager);
            Inversion appearance = cia.invert(image(0), false, CiaProgress.NONE, () -> false, manager);
            Inversion structure = cia.invert(image(1), true, CiaProgress.NONE, () -> false, manager);
            List<NDArray> before = ((BaseNDManager) weights).getManagedArrays();
            List<Integer> counts = new ArrayList<>();
            try (NDManager run = manager.newSubManager()) {
                CiaProgress counting = new CiaProgress() {
                    @Override
                    public void step(Stage stage, int done, int total) {
                        if (stage == Stage.TRANSFERRING) {
                            counts.add(arrays(run));
                        }
                    }

                    @Override
                    public void preview(int done, int total, NDArray image) {
                    }
                };
                cia.transfer(appearance, structure, counting, () -> false, run);
            }

            assertEquals(8, counts.size());
            assertEquals(1, counts.stream().distinct().count(), "arrays held after each step: " + counts);
            // The managers' arrays include their sub-managers': with the run closed, nothing is left anywhere.
            List<NDArray> added = new ArrayList<>(((BaseNDManager) weights).getManagedArrays());
            added.removeIf(a -> before.stream().anyMatch(b -> b == a));
            assertEquals(List.of(), added.stream().map(a -> a.getShape() + " " + a.getDataType()).toList());
        }
    }

    @Test
    void aJobReportsEveryStepOfEveryStagePreviewsAndStopsWhenCancelled() {
        try (NDManager manager = weights.newSubManager()) {
            CiaSettings masked = new CiaSettings("animal", 10, 2, 3.5, 3.5, 1.67, true, new StepRange(2, 8),
                    new StepRange(2, 7), new StepRange(4, 10), 5, SamplerPath.SHORTCUT, 3);
            CrossImageAttention cia = facade(masked, manager);
            List<String> steps = new ArrayList<>();
            List<Integer> previews = new ArrayList<>();
            CiaProgress recording = new CiaProgress() {
                @Override
                public void step(Stage stage, int done, int total) {
                    steps.add(stage + " " + done + "/" + total);
                }

                @Override
                public void preview(int done, int total, NDArray image) {
                    assertPicture(image);
                    previews.add(done);
                }
            };

            CrossImageAttention.Result result = cia.run(image(0), image(1), recording, () -> false, manager);

            // The shortcut inverts steps 2..9 of each image, then transfers 8 iterations and decodes.
            assertEquals(8 + 8 + 8 + 1, steps.size(), steps.toString());
            assertEquals("INVERTING 1/8", steps.get(0));
            assertEquals("TRANSFERRING 8/8", steps.get(23));
            assertEquals("DECODING 1/1", steps.get(24));
            assertEquals(List.of(3, 6, 8), previews);
            assertPicture(result.output());

            AtomicInteger asked = new AtomicInteger();
            assertThrows(CancellationException.class, () -> cia.run(image(0), image(1), CiaProgress.NONE,
                    () -> asked.incrementAndGet() > 3, manager));
            assertEquals(4, asked.get());
        }
    }

    @Test
    void anInversionReadBackFromItsFileGivesTheSameTransfer(@TempDir Path dir) throws IOException {
        try (NDManager manager = weights.newSubManager()) {
            CrossImageAttention cia = facade(settings.withPath(SamplerPath.SHORTCUT), manager);
            Inversion appearance = cia.invert(image(0), false, CiaProgress.NONE, () -> false, manager);
            Inversion structure = cia.invert(image(1), true, CiaProgress.NONE, () -> false, manager);
            Path file = dir.resolve("appearance.safetensors");
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                appearance.write(out);
            }

            NDArray direct = cia.transfer(appearance, structure, CiaProgress.NONE, () -> false, manager).latents();
            NDArray cached = cia.transfer(Inversion.read(file, manager), structure, CiaProgress.NONE, () -> false,
                    manager).latents();

            assertTrue(direct.contentEquals(cached));
            assertTrue(cia.inversionFingerprint(false).contains("from=2"));
            assertTrue(!cia.inversionFingerprint(false).equals(cia.inversionFingerprint(true)));
        }
    }

    private static CrossImageAttention facade(CiaSettings chosen, NDManager manager) {
        NDArray prompt = inputs.get("prompt_embeds");
        NDArray empty = inputs.get("uncond_embeds");
        PromptEncoder storedEmbeddings = (text, owner) -> {
            NDArray embeddings = (text.isEmpty() ? empty : prompt).duplicate();
            embeddings.attach(owner);
            return embeddings;
        };
        return new CrossImageAttention(unet, vae, storedEmbeddings, chosen, manager);
    }

    private static NDArray image(int row) {
        return inputs.get("images").get(row + ":" + (row + 1));
    }

    private static int arrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    private static void assertPicture(NDArray image) {
        assertEquals(3, image.getShape().get(0));
        assertTrue(image.isInfinite().any().getBoolean() == false && image.isNaN().any().getBoolean() == false);
        assertTrue(image.min().getFloat() >= 0f && image.max().getFloat() <= 1f);
        assertTrue(image.max().getFloat() - image.min().getFloat() > 0.05f, "a constant picture");
    }
}
