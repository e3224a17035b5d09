package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chimera.contract.params.CrossImageAttentionParams;
import dev.chimera.contract.params.StepRange;

/**
 * Cross-Image Attention on the demo's tiny SD 1.5 networks (random weights, real CLIP vocabulary), with the contract's
 * defaults except fewer inversion steps, which keep every stage and rule of the reference schedule in play.
 */
class CrossImageAttentionPipelineTest {

    @TempDir
    static Path weights;

    private static DemoModelSource models;
    private static CrossImageAttentionPipeline pipeline;

    private static final InputImages INPUTS = new InputImages(Map.of(
            "structure", TestImages.picture(180, 120, 1),
            "appearance", TestImages.picture(96, 140, 2)));

    @BeforeAll
    static void loadDemoNetworks() {
        models = new DemoModelSource(weights);
        pipeline = new CrossImageAttentionPipeline(models);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** 20 inversion steps, 6 skipped: 14 transfer steps, swaps, AdaIN and the segmentation step all inside. */
    private static CrossImageAttentionParams params(Long seed) {
        return new CrossImageAttentionParams("cat", 20, 6, 3.5, 3.5, 1.67, true, new StepRange(2, 18),
                new StepRange(2, 14), new StepRange(4, 20), seed);
    }

    @Test
    void transfersIntoOneFiniteNonConstantPictureOfCiasSize() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = pipeline.run(params(7L), INPUTS, context);

            assertEquals(List.of(CrossImageAttentionPipeline.OUTPUT),
                    result.files().stream().map(ResultFile::name).toList());
            BufferedImage output = TestImages.read(result.files().get(0).content());
            assertEquals(CiaInputImage.SIZE, output.getWidth());
            assertEquals(CiaInputImage.SIZE, output.getHeight());
            assertTrue(TestImages.distinctColours(output) > 16, "the output is nearly constant");
            assertFalse(result.weights().trained());
            assertEquals(7L, result.details().get("seed"));
            assertEquals("A photo of a cat", result.details().get("prompt"));
        }
    }

    @Test
    void reportsLoadingInvertingTransferringAndDecodingInOrderWithPreviews() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            pipeline.run(params(11L), INPUTS, context);

            List<String> stages = new ArrayList<>();
            for (RecordingContext.Step step : context.steps()) {
                if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(step.stage())) {
                    stages.add(step.stage());
                }
            }
            assertEquals(List.of("loading", "inverting", "transferring", "decoding"), stages);
            List<RecordingContext.Step> inverting = context.steps("inverting");
            assertEquals(2 * 14, inverting.size(), "both images, steps 6..19");
            assertEquals(28L, inverting.get(inverting.size() - 1).step());
            assertEquals(28L, inverting.get(0).totalSteps());
            assertEquals(14L, context.steps("transferring").stream().mapToLong(RecordingContext.Step::step).max()
                    .orElseThrow());
            assertEquals(List.of(10L, 14L), List.copyOf(context.previews().keySet()));
            assertEquals(2, context.previewKeys().size());
        }
    }

    @Test
    void aCancelBetweenTwoTransferStepsStopsTheJobThere() {
        try (RecordingContext context = RecordingContext.unbounded()
                .stoppingAfterStep("transferring", 3, StopReason.CANCELED)) {
            JobStoppedException stopped = assertThrows(JobStoppedException.class,
                    () -> pipeline.run(params(13L), INPUTS, context));

            assertEquals(StopReason.CANCELED, stopped.reason());
            assertEquals(3L, context.steps("transferring").stream().mapToLong(RecordingContext.Step::step).max()
                    .orElseThrow());
            assertTrue(context.steps("decoding").isEmpty());
        }
    }

    @Test
    void aSecondJobWithTheSameImagesAndSeedReadsBothInversionsFromTheCache() {
        RecordingContext.MemoryCache cache = new RecordingContext.MemoryCache();
        byte[] first;
        try (RecordingContext context = RecordingContext.unbounded().withCache(cache)) {
            first = pipeline.run(params(17L), INPUTS, context).files().get(0).content();
            assertEquals(28, context.steps("inverting").size());
            assertTrue(context.steps("inversion-cached").isEmpty());
        }
        assertEquals(2, cache.size());
        try (RecordingContext context = RecordingContext.unbounded().withCache(cache)) {
            PipelineResult second = pipeline.run(params(17L), INPUTS, context);

            assertTrue(context.steps("inverting").isEmpty(), "no inversion step ran");
            assertEquals(2, context.steps("inversion-cached").size());
            assertEquals("cache", ((Map<?, ?>) ((Map<?, ?>) second.details().get("inversions")).get("appearance"))
                    .get("source"));
            assertTrue(java.util.Arrays.equals(first, second.files().get(0).content()),
                    "the cached inversions give the same picture");
        }
    }

    @Test
    void jobsWithoutASeedShareTheInversionOfTheSameAppearanceImage() {
        RecordingContext.MemoryCache cache = new RecordingContext.MemoryCache();
        try (RecordingContext context = RecordingContext.unbounded().withCache(cache)) {
            pipeline.run(params(null), INPUTS, context);
        }
        InputImages otherStructure = new InputImages(Map.of(
                "structure", TestImages.picture(150, 150, 3),
                "appearance", TestImages.picture(96, 140, 2)));
        try (RecordingContext context = RecordingContext.unbounded().withCache(cache)) {
            pipeline.run(params(null), otherStructure, context);

            assertEquals(1, context.steps("inversion-cached").size());
            assertEquals(14, context.steps("inverting").size(), "only the new structure image is inverted");
        }
    }
}
