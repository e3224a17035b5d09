package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.index.NDIndex;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.AdamBetas;
import dev.chimera.contract.params.DinoVariant;
import dev.chimera.contract.params.SpliceLossWeights;
import dev.chimera.contract.params.SpliceParams;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.worker.models.DinoWeights;

/** Splice as a worker runs it, on the demo's tiny DINO ViT and 40×48 pictures (the full generator). */
class SplicePipelineTest {

    private static final long SEED = 20261121L;

    @TempDir
    static Path weights;

    private static DemoModelSource models;
    private static SplicePipeline pipeline;

    private static final InputImages INPUTS = new InputImages(Map.of(
            "structure", TestImages.picture(48, 40, 1),
            "appearance", TestImages.picture(36, 44, 2)));

    @BeforeAll
    static void loadDemoNetwork() {
        models = new DemoModelSource(weights);
        pipeline = new SplicePipeline(models);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** The tiny run: entire-image terms every second step, a checkpoint every 2 steps, a preview every 3. */
    private static SpliceParams params(int iterations, int maxImageSide) {
        return new SpliceParams(iterations, 2e-3, AdamBetas.defaults(), SpliceLossWeights.defaults(), 2, 1,
                maxImageSide, DinoVariant.VIT_S8, 2, 300, 3, SEED);
    }

    @Test
    void trainsEveryStepAndReturnsTheOutputAtTheStructureImagesSize() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = pipeline.run(params(4, 480), INPUTS, context);

            assertEquals(List.of(SplicePipeline.OUTPUT), result.files().stream().map(ResultFile::name).toList());
            BufferedImage output = TestImages.read(result.files().get(0).content());
            assertEquals(48, output.getWidth());
            assertEquals(40, output.getHeight());
            assertFalse(result.weights().trained(), "the demo ViT is random");
            assertEquals(SEED, result.details().get("seed"));
            assertEquals(List.of(1L, 2L, 3L, 4L), context.reports().stream().map(TrainingReport::step).toList());
            TrainingReport last = context.reports().get(3);
            assertEquals(4, last.totalSteps());
            assertEquals(0.0, last.etaSeconds());
            assertTrue(last.stepsPerSecond() > 0);
            assertTrue(last.losses().containsKey("loss") && last.losses().containsKey("loss_global_cls"),
                    last.losses().toString());
            assertEquals(List.of(2L), List.copyOf(context.checkpoints().keySet()), "none after the last step");
            assertEquals(List.of(3L, 4L), List.copyOf(context.previews().keySet()));
            assertEquals("previews/step-3.png", context.reports().get(2).previewKey());
            assertTrue(TestImages.distinctColours(output) > 1, "the picture is not constant");
        }
    }

    @Test
    void everyProgressReportCarriesEveryLossTermInForceAndAllAreFinite() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            pipeline.run(params(4, 480), INPUTS, context);

            // Step 1 (from 0) is past the warm-up; step 2 also uses the entire image (entireImageEvery 2).
            assertEquals(List.of("loss_global_ssim", "loss_global_cls", "loss_global_id_B", "loss"),
                    List.copyOf(context.reports().get(1).losses().keySet()));
            assertEquals(List.of("loss_global_ssim", "loss_entire_ssim", "loss_entire_cls", "loss_global_cls",
                    "loss_global_id_B", "loss"), List.copyOf(context.reports().get(2).losses().keySet()));
            for (TrainingReport report : context.reports()) {
                assertTrue(report.losses().values().stream().allMatch(Double::isFinite), report.toString());
            }
        }
    }

    @Test
    void aPictureTooThinForTheGeneratorFailsAtOnceWithAMessageForTheUser() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            InputImages strip = new InputImages(Map.of("structure", TestImages.picture(2000, 1, 5),
                    "appearance", TestImages.picture(36, 44, 2)));

            PipelineFailure failure = assertThrows(PipelineFailure.class,
                    () -> pipeline.run(params(4, 480), strip, context));

            assertEquals(FailureCode.IMAGE_TOO_SMALL, failure.code());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("480×1"), failure.getMessage());
            assertTrue(context.reports().isEmpty());
        }
    }

    @Test
    void aStepWhoseNumbersAreNotFiniteFailsTheJobAsDivergedWithoutARetry() {
        try (DemoModelSource poisoned = new DemoModelSource(weights.resolve("poisoned"));
             RecordingContext context = RecordingContext.unbounded()) {
            VisionTransformer vit = poisoned.load(DinoWeights.family(DinoVariant.VIT_S8), DinoWeights.loader())
                    .network();
            vit.namedTensors().get("cls_token").getArray().stopGradient().set(new NDIndex("0, 0, 0"), Float.NaN);

            PipelineFailure failure = assertThrows(PipelineFailure.class,
                    () -> new SplicePipeline(poisoned).run(params(4, 480), INPUTS, context));

            assertEquals(FailureCode.TRAINING_DIVERGED, failure.code());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("step 0"), failure.getMessage());
            assertTrue(context.reports().isEmpty(), "no progress from a diverged step");
        }
    }

    @Test
    void trainsOnAFreshThreadWhoseAutogradModeIsOn() throws Exception {
        // A worker runs jobs on its own thread; PyTorch's autograd mode is per thread and on by default there.
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = thread.submit(() -> pipeline.run(params(2, 480), INPUTS, context))
                    .get(2, TimeUnit.MINUTES);

            assertEquals(2, context.reports().size());
            assertTrue(TestImages.isPng(result.files().get(0).content()));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void largerPicturesAreScaledDownToTheMaximumSideFirst() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            InputImages large = new InputImages(Map.of("structure", TestImages.picture(160, 100, 3),
                    "appearance", TestImages.picture(90, 90, 4)));
            PipelineResult result = pipeline.run(params(1, 64), large, context);

            BufferedImage output = TestImages.read(result.files().get(0).content());
            assertEquals(64, output.getWidth());
            assertEquals(40, output.getHeight());
        }
    }

    @Test
    void aRunResumedFromACheckpointEndsWithTheSameOutputAsAnUninterruptedOne() {
        byte[] straight;
        byte[] checkpoint;
        try (RecordingContext context = RecordingContext.unbounded()) {
            straight = pipeline.run(params(4, 480), INPUTS, context).files().get(0).content();
            checkpoint = context.checkpoints().get(2L);
        }
        try (RecordingContext context = RecordingContext.unbounded()
                .resumingFrom(new StoredCheckpoint("checkpoints/step-2.zip", checkpoint))) {
            PipelineResult resumed = pipeline.run(params(4, 480), INPUTS, context);

            assertEquals(2L, resumed.details().get("resumedFromStep"));
            assertEquals("checkpoints/step-2.zip", resumed.details().get("resumedFrom"));
            assertEquals(List.of(3L, 4L), context.reports().stream().map(TrainingReport::step).toList());
            assertArrayEquals(straight, resumed.files().get(0).content());
        }
    }

    @Test
    void aCheckpointThatCannotBeReadMakesTheTrainingStartOver() {
        try (RecordingContext context = RecordingContext.unbounded()
                .resumingFrom(new StoredCheckpoint("checkpoints/broken.zip", new byte[] {1, 2, 3}))) {
            PipelineResult result = pipeline.run(params(1, 480), INPUTS, context);

            assertFalse(result.details().containsKey("resumedFromStep"));
            assertEquals(List.of(1L), context.reports().stream().map(TrainingReport::step).toList());
        }
    }

    @Test
    void aShutdownStopsTheTrainingWithACheckpointOfItsLastStep() {
        try (RecordingContext context = RecordingContext.unbounded()
                .stoppingAfterTrainingStep(3, StopReason.SHUTDOWN)) {
            JobStoppedException stopped = assertThrows(JobStoppedException.class,
                    () -> pipeline.run(params(10, 480), INPUTS, context));

            assertEquals(StopReason.SHUTDOWN, stopped.reason());
            assertEquals(List.of(2L, 3L), List.copyOf(context.checkpoints().keySet()));
        }
    }

    @Test
    void aCancelStopsTheTrainingWithoutACheckpoint() {
        try (RecordingContext context = RecordingContext.unbounded()
                .stoppingAfterTrainingStep(1, StopReason.CANCELED)) {
            JobStoppedException stopped = assertThrows(JobStoppedException.class,
                    () -> pipeline.run(params(10, 480), INPUTS, context));

            assertEquals(StopReason.CANCELED, stopped.reason());
            assertEquals(List.of(1L), context.reports().stream().map(TrainingReport::step).toList());
            assertTrue(context.checkpoints().isEmpty());
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsTriedAgainAfterTheNextStep() {
        try (RecordingContext context = RecordingContext.unbounded().failingCheckpointWrites(1)) {
            pipeline.run(params(6, 480), INPUTS, context);

            assertEquals(List.of(3L, 5L), List.copyOf(context.checkpoints().keySet()));
        }
    }
}
