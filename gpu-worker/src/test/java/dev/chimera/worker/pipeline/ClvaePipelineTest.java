package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.ClvaeDataset;
import dev.chimera.contract.params.ClvaeParams;
import dev.chimera.worker.models.DemoWeights;

class ClvaePipelineTest {

    @TempDir
    static Path weights;

    private static DemoModelSource models;
    private static ClvaePipeline pipeline;

    private static final int CLASSES = DemoWeights.CLVAE_ADE20K.semanticNc();
    private static final byte[] LABELS = TestImages.labelBands(100, 90, CLASSES);

    @BeforeAll
    static void loadDemoNetworks() {
        models = new DemoModelSource(weights);
        pipeline = new ClvaePipeline(models);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static PipelineResult run(ClvaeParams params, Map<String, byte[]> inputs) {
        try (RecordingContext context = RecordingContext.unbounded()) {
            return pipeline.run(params, new InputImages(inputs), context);
        }
    }

    @Test
    void synthesisesTheRequestedSamplesAtTheNetworkSize() {
        try (RecordingContext context = RecordingContext.unbounded()) {
            PipelineResult result = pipeline.run(new ClvaeParams(3, false, ClvaeDataset.ADE20K, 7L),
                    new InputImages(Map.of("labelMap", LABELS)), context);

            assertEquals(List.of("sample-000.png", "sample-001.png", "sample-002.png"),
                    result.files().stream().map(ResultFile::name).toList());
            for (ResultFile sample : result.files()) {
                assertTrue(TestImages.isPng(sample.content()));
                BufferedImage image = TestImages.read(sample.content());
                assertEquals(DemoWeights.CLVAE_ADE20K.imageWidth(), image.getWidth());
                assertEquals(DemoWeights.CLVAE_ADE20K.imageHeight(), image.getHeight());
            }
            assertEquals(3, context.steps("sampling").size());
            assertEquals(7L, result.details().get("seed"));
            assertFalse(result.weights().trained());
        }
    }

    @Test
    void theSameSeedGivesTheSameSamplesAndEachSampleDiffers() {
        ClvaeParams params = new ClvaeParams(2, false, ClvaeDataset.ADE20K, 11L);
        PipelineResult first = run(params, Map.of("labelMap", LABELS));
        PipelineResult again = run(params, Map.of("labelMap", LABELS));

        assertArrayEquals(first.files().get(0).content(), again.files().get(0).content());
        assertFalse(Arrays.equals(first.files().get(0).content(), first.files().get(1).content()));
    }

    @Test
    void guidesTheSamplesByAStyleImage() {
        PipelineResult result = run(new ClvaeParams(2, true, ClvaeDataset.ADE20K, 3L),
                Map.of("labelMap", LABELS, "style", TestImages.picture(80, 80, 5)));

        assertEquals(2, result.files().size());
        assertTrue(result.files().stream().allMatch(file -> TestImages.isPng(file.content())));
    }

    @Test
    void usesTheNetworkOfTheRequestedDataset() {
        PipelineResult result = run(new ClvaeParams(1, false, ClvaeDataset.DEEPFASHION, 1L),
                Map.of("labelMap", TestImages.labelBands(64, 64, 16)));

        assertEquals("clvae-deepfashion", result.weights().family());
    }

    @Test
    void refusesALabelMapWithAClassTheNetworkDoesNotKnow() {
        PipelineFailure failure = assertThrows(PipelineFailure.class, () -> run(
                new ClvaeParams(1, false, ClvaeDataset.ADE20K, 1L),
                Map.of("labelMap", TestImages.labelBands(64, 64, CLASSES + 3))));

        assertEquals(FailureCode.INVALID_LABEL_MAP, failure.code());
        assertFalse(failure.retryable());
    }
}
