package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.contract.params.CrossImageAttentionParams;
import dev.chimera.contract.params.StepRange;
import dev.chimera.model.cia.CiaSettings;
import dev.chimera.model.cia.SamplerPath;
import dev.chimera.model.cia.UnetDenoiser;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.worker.models.Sd15Networks;
import dev.chimera.worker.models.Sd15Weights;

class CiaPrecisionTest {

    @TempDir
    Path weights;

    @Test
    void theSettingNamesFloat32OrFloat16AndNothingElse() {
        assertSame(CiaPrecision.FLOAT16, CiaPrecision.fromSetting("float16"));
        assertSame(CiaPrecision.FLOAT32, CiaPrecision.fromSetting(" float32 "));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CiaPrecision.fromSetting("bfloat16"));
        assertTrue(refused.getMessage().contains("CHIMERA_CIA_PRECISION"), refused.getMessage());
        assertEquals(2, CiaPrecision.FLOAT16.bytesPerElement());
        assertEquals(4, CiaPrecision.FLOAT32.bytesPerElement());
    }

    @Test
    void loadingInHalfPrecisionMakesEveryTensorOfTheThreeNetworksFloat16() {
        try (DemoModelSource models = new DemoModelSource(weights)) {
            Sd15Networks networks = models.load(Sd15Weights.FAMILY, Sd15Weights.loader(DataType.FLOAT16)).network();

            List<DataType> types = tensors(networks).map(NDArray::getDataType).distinct().toList();

            assertEquals(List.of(DataType.FLOAT16), types);
            assertEquals(DataType.FLOAT16, networks.unet().floatingType());
        }
    }

    @Test
    void theDemoUnetInHalfPrecisionPredictsFloat32NoiseCloseToItsFloat32Prediction() {
        try (DemoModelSource full = new DemoModelSource(weights.resolve("float32"));
             DemoModelSource half = new DemoModelSource(weights.resolve("float16"));
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Sd15Networks wide = full.load(Sd15Weights.FAMILY, Sd15Weights.loader()).network();
            Sd15Networks narrow = half.load(Sd15Weights.FAMILY, Sd15Weights.loader(DataType.FLOAT16)).network();
            NDArray latents = manager.randomNormal(new Shape(1, 4, 32, 32));
            NDArray embeddings = manager.randomNormal(new Shape(1, 77, 32));

            NDArray expected = denoiser(wide, manager).predict(latents, 501, embeddings);
            NDArray actual = denoiser(narrow, manager).predict(latents, 501, embeddings);

            assertEquals(DataType.FLOAT32, actual.getDataType());
            float largest = expected.abs().max().getFloat();
            float error = actual.sub(expected).abs().max().getFloat();
            assertTrue(error <= 0.01f * largest + 1e-3f, "float16 differs by " + error + " of " + largest);
        }
    }

    @Test
    void aWholeJobInHalfPrecisionGivesNearlyTheFloat32PictureAndRecordsItsPrecision() {
        InputImages inputs = new InputImages(Map.of("structure", TestImages.picture(180, 120, 1),
                "appearance", TestImages.picture(96, 140, 2)));
        CrossImageAttentionParams params = new CrossImageAttentionParams("cat", 12, 1, 3.5, 3.5, 1.67, true,
                new StepRange(1, 11), new StepRange(1, 9), new StepRange(2, 12), 17L);
        try (DemoModelSource full = new DemoModelSource(weights.resolve("float32"));
             DemoModelSource half = new DemoModelSource(weights.resolve("float16"));
             RecordingContext fullJob = RecordingContext.unbounded();
             RecordingContext halfJob = RecordingContext.unbounded()) {
            PipelineResult expected = new CrossImageAttentionPipeline(full, CiaPrecision.FLOAT32).run(params, inputs,
                    fullJob);
            PipelineResult actual = new CrossImageAttentionPipeline(half, CiaPrecision.FLOAT16).run(params, inputs,
                    halfJob);

            assertEquals("float16", actual.details().get("precision"));
            assertEquals("float32", expected.details().get("precision"));
            BufferedImage wide = TestImages.read(expected.files().get(0).content());
            BufferedImage narrow = TestImages.read(actual.files().get(0).content());
            assertTrue(TestImages.distinctColours(narrow) > 16, "the half-precision picture is nearly constant");
            double meanDifference = meanChannelDifference(wide, narrow);
            assertTrue(meanDifference < 3.0, "mean difference " + meanDifference + " of 255 per channel");
        }
    }

    private static double meanChannelDifference(BufferedImage a, BufferedImage b) {
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    total += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return total / (3.0 * a.getWidth() * a.getHeight());
    }

    private static UnetDenoiser denoiser(Sd15Networks networks, NDManager manager) {
        CiaSettings settings = CiaSettings.reference("cat", 1L);
        return new UnetDenoiser(networks.unet(), new ParameterStore(manager, false),
                UnetDenoiser.swapSchedule(settings), SamplerPath.SHORTCUT, settings.nounToken());
    }

    private static Stream<NDArray> tensors(Sd15Networks networks) {
        return Stream.<TorchModule>of(networks.unet(), networks.vae(), networks.textEncoder())
                .flatMap(network -> network.namedTensors().values().stream()).map(p -> p.getArray());
    }
}
