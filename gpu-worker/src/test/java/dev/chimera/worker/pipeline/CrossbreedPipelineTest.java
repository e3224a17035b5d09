package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.CrossbreedParams;
import dev.chimera.worker.models.DemoWeights;

class CrossbreedPipelineTest {

    @TempDir
    static Path weights;

    private static DemoModelSource models;
    private static CrossbreedPipeline pipeline;

    private static final byte[] IMAGE_B = TestImages.picture(70, 120, 2);
    private static final InputImages INPUTS = new InputImages(Map.of(
            "imageA", TestImages.picture(96, 80, 1),
            "imageB", IMAGE_B));

    @BeforeAll
    static void loadDemoNetwork() {
        models = new DemoModelSource(weights);
        pipeline = new CrossbreedPipeline(models);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static List<String> names(PipelineResult result) {
        return result.files().stream().map(ResultFile::name).toList();
    }

    private static ResultFile file(PipelineResult result, String name) {
        return result.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void morphsIntoTheRequestedFramesAtTheNetworkSizeAndOneLoopingGif() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = pipeline.run(new CrossbreedParams(5, false, 7, 0.3, null), INPUTS, context);

            assertEquals(List.of("frame-000.png", "frame-001.png", "frame-002.png", "frame-003.png",
                    "frame-004.png", "morph.gif"), names(result));
            int size = DemoWeights.CROSSBREED.imgSize();
            for (ResultFile frame : result.files().subList(0, 5)) {
                assertTrue(TestImages.isPng(frame.content()), frame.name());
                BufferedImage image = TestImages.read(frame.content());
                assertEquals(size, image.getWidth(), frame.name());
                assertEquals(size, image.getHeight(), frame.name());
            }
            assertEquals("image/gif", file(result, "morph.gif").contentType());
            assertEquals(5, TestImages.gifFrames(file(result, "morph.gif").content()));
            assertFalse(result.weights().trained());
        }
    }

    @Test
    void aGridTooLargeForTheMemoryBudgetIsRefusedBeforeAnythingIsDecoded() {
        CrossbreedParams params = new CrossbreedParams(4, true, 16, 0.3, null);
        long needed = MemoryEstimate.crossbreedMorph(DemoWeights.CROSSBREED, 4, true, 16);
        try (RecordingContext context = RecordingContext.unbounded()
                .withMemoryBudget(new MemoryBudget(needed / 2))) {
            PipelineFailure failure = assertThrows(PipelineFailure.class, () -> pipeline.run(params, INPUTS, context));

            assertEquals(FailureCode.INPUT_TOO_LARGE, failure.code());
            assertTrue(failure.getMessage().contains("96×80 and 70×120 images, 4 frames and a 16² grid"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("a smaller gridSize"), failure.getMessage());
            assertTrue(context.manager().getManagedArrays().isEmpty(), "no input was decoded");
        }
    }

    @Test
    void theSameMorphWithoutTheGridFitsTheBudget() {
        long needed = MemoryEstimate.crossbreedMorph(DemoWeights.CROSSBREED, 4, true, 16);
        try (RecordingContext context = RecordingContext.unbounded()
                .withMemoryBudget(new MemoryBudget(needed / 2))) {
            PipelineResult result = pipeline.run(new CrossbreedParams(4, false, 16, 0.3, null), INPUTS, context);

            assertEquals(5, result.files().size());
        }
    }

    @Test
    void reportsOneProgressStepPerFrame() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            pipeline.run(new CrossbreedParams(4, false, 7, 0.3, null), INPUTS, context);

            assertEquals(List.of(1L, 2L, 3L, 4L),
                    context.steps("morphing").stream().map(RecordingContext.Step::step).toList());
            assertTrue(context.steps("morphing").stream().allMatch(step -> step.totalSteps() == 4));
        }
    }

    @Test
    void rendersTheDisentangledGridAsCellsAndOneContactSheet() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = pipeline.run(new CrossbreedParams(2, true, 3, 0.3, null), INPUTS, context);

            List<String> names = names(result);
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    assertTrue(names.contains("grid-r" + r + "-c" + c + ".png"), names.toString());
                }
            }
            int size = DemoWeights.CROSSBREED.imgSize();
            BufferedImage sheet = TestImages.read(file(result, "grid.png").content());
            assertEquals(3 * size + 2 * 2, sheet.getWidth());
            assertEquals(3 * size + 2 * 2, sheet.getHeight());
            assertEquals(new RecordingContext.Step("grid", 3, 3), context.steps().get(context.steps().size() - 1));
        }
    }

    @Test
    void stopsAtTheNextStepOnceAskedTo() {
        try (RecordingContext context = new RecordingContext(3)) {
            JobStoppedException stopped = assertThrows(JobStoppedException.class,
                    () -> pipeline.run(new CrossbreedParams(10, false, 7, 0.3, null), INPUTS, context));

            assertEquals(StopReason.CANCELED, stopped.reason());
            assertEquals(3, context.steps().size(), "no step after the stop request");
        }
    }

    @Test
    void refusesAnInputThatIsNotAnImage() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineFailure failure = assertThrows(PipelineFailure.class, () -> pipeline.run(
                    new CrossbreedParams(2, false, 7, 0.3, null),
                    new InputImages(Map.of("imageA", "plain text".getBytes(), "imageB", IMAGE_B)), context));

            assertEquals(FailureCode.UNREADABLE_INPUT, failure.code());
            assertFalse(failure.retryable());
        }
    }
}
