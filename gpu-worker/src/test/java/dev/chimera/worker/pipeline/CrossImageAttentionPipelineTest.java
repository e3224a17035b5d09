package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    private static final RecordingContext.MemoryCache CACHE = new RecordingContext.MemoryCache();
    private static RecordingContext firstJob;
    private static PipelineResult firstResult;

    private static final InputImages INPUTS = new InputImages(Map.of(
            "structure", TestImages.picture(180, 120, 1),
            "appearance", TestImages.picture(96, 140, 2)));

    /** One job that inverts both images into the shared cache; later jobs with the same images read them. */
    @BeforeAll
    static void runAFirstJob() {
        models = new DemoModelSource(weights);
        pipeline = new CrossImageAttentionPipeline(models);
        firstJob = RecordingContext.unbounded().withCache(CACHE);
        firstResult = pipeline.run(params(17L), INPUTS, firstJob);
    }

    @AfterAll
    static void close() {
        firstJob.close();
        models.close();
    }

    /** 12 inversion steps, 1 skipped: 11 transfer steps with swaps, AdaIN and two previews inside. */
    private static CrossImageAttentionParams params(Long seed) {
        return new CrossImageAttentionParams("cat", 12, 1, 3.5, 3.5, 1.67, true, new StepRange(1, 11),
                new StepRange(1, 9), new StepRange(2, 12), seed);
    }

    @Test
    void transfersIntoOneFiniteNonConstantPictureOfCiasSize() {
        assertEquals(List.of(CrossImageAttentionPipeline.OUTPUT),
                firstResult.files().stream().map(ResultFile::name).toList());
        BufferedImage output = TestImages.read(firstResult.files().get(0).content());
        assertEquals(CiaInputImage.SIZE, output.getWidth());
        assertEquals(CiaInputImage.SIZE, output.getHeight());
        assertTrue(TestImages.distinctColours(output) > 16, "the output is nearly constant");
        assertFalse(firstResult.weights().trained());
        assertEquals(17L, firstResult.details().get("seed"));
        assertEquals("A photo of a cat", firstResult.details().get("prompt"));
    }

    @Test
    void reportsLoadingInvertingTransferringAndDecodingInOrderWithPreviews() {
        List<String> stages = new ArrayList<>();
        for (RecordingContext.Step step : firstJob.steps()) {
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(step.stage())) {
                stages.add(step.stage());
            }
        }
        assertEquals(List.of("loading", "inverting", "transferring", "decoding"), stages);
        List<RecordingContext.Step> inverting = firstJob.steps("inverting");
        assertEquals(2 * 11, inverting.size(), "both images, steps 1..11");
        assertTrue(firstJob.inversionCacheHits().isEmpty(), "a job that computed its inversions announces no hit");
        assertEquals(22L, inverting.get(inverting.size() - 1).step());
        assertEquals(22L, inverting.get(0).totalSteps());
        assertEquals(11L, firstJob.steps("transferring").stream().mapToLong(RecordingContext.Step::step).max()
                .orElseThrow());
        assertEquals(List.of(10L, 11L), List.copyOf(firstJob.previews().keySet()));
        assertEquals(2, firstJob.previewKeys().size());
    }

    @Test
    void aSecondJobWithTheSameImagesAndSeedReadsBothInversionsFromTheCache() {
        try (RecordingContext context = RecordingContext.unbounded().withCache(CACHE)) {
            PipelineResult second = pipeline.run(params(17L), INPUTS, context);

            assertTrue(context.steps("inverting").isEmpty(), "no inversion step ran");
            assertEquals(2, context.steps("inversion-cached").size());
            assertEquals(List.of(List.of("appearance", "structure")), context.inversionCacheHits(),
                    "one announcement for the timeline, naming both inputs");
            Map<?, ?> inversions = (Map<?, ?>) second.details().get("inversions");
            assertEquals("cache", ((Map<?, ?>) inversions.get("appearance")).get("source"));
            assertEquals("cache", ((Map<?, ?>) inversions.get("structure")).get("source"));
            assertArrayEquals(firstResult.files().get(0).content(), second.files().get(0).content(),
                    "the cached inversions give the same picture");
        }
    }

    @Test
    void aCancelBetweenTwoTransferStepsStopsTheJobThere() {
        try (RecordingContext context = RecordingContext.unbounded().withCache(CACHE)
                .stoppingAfterStep("transferring", 3, StopReason.CANCELED)) {
            JobStoppedException stopped = assertThrows(JobStoppedException.class,
                    () -> pipeline.run(params(17L), INPUTS, context));

            assertEquals(StopReason.CANCELED, stopped.reason());
            assertEquals(3L, context.steps("transferring").stream().mapToLong(RecordingContext.Step::step).max()
                    .orElseThrow());
            assertTrue(context.steps("decoding").isEmpty());
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
            assertEquals(List.of(List.of("appearance")), context.inversionCacheHits());
            assertEquals(11, context.steps("inverting").size(), "only the new structure image is inverted");
        }
    }
}
