package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.clip.ClipTextConfig;
import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.StateDictMismatchException;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.sd.UNet2DConditionModel;

/**
 * A checkpoint file loads into a module tensor by tensor, its names checked from the file's index first: into the
 * parameters' own storage, outliving the manager that read it, with renames and ignored names applied.
 */
class CheckpointLoadingTest {

    private static final Path SD_UNET = Path.of(System.getProperty("chimera.golden.dir"), "sd-unet");

    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    private Path dir;

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void everyGoldenUnetFileStreamsIntoTheInitialisedParametersInPlaceAndOutlivesItsReader() throws IOException {
        Map<String, NDArray> expected = new LinkedHashMap<>(Checkpoints.read(SD_UNET.resolve("weights.safetensors"),
                manager));
        for (String file : List.of("weights.safetensors", "weights.pth")) {
            UNet2DConditionModel unet = goldenUnet();
            unet.initialize(manager, DataType.FLOAT32, 3L);
            Map<String, NDArray> initialised = new LinkedHashMap<>();
            unet.namedTensors().forEach((name, p) -> initialised.put(name, p.getArray()));

            try (NDManager reading = manager.newSubManager()) {
                unet.loadStateDict(Checkpoints.read(SD_UNET.resolve(file), reading), manager);
                assertEquals(List.of(), reading.getManagedArrays(), file + ": tensors held after being streamed");
            }

            unet.namedTensors().forEach((name, p) -> {
                assertSame(initialised.get(name), p.getArray(), file + ": " + name + " was replaced, not written");
                assertArrayEquals(expected.get(name).toFloatArray(), p.getArray().toFloatArray(), file + ": " + name);
            });
        }
    }

    @Test
    void anUninitialisedModuleGetsArraysOfItsOwnFromAZipCheckpoint() throws IOException {
        Map<String, NDArray> expected = new LinkedHashMap<>(Checkpoints.read(SD_UNET.resolve("weights.safetensors"),
                manager));
        UNet2DConditionModel unet = goldenUnet();

        try (NDManager reading = manager.newSubManager()) {
            unet.loadStateDict(Checkpoints.read(SD_UNET.resolve("weights.pth"), reading), manager);
        }

        Map<NDArray, String> distinct = new IdentityHashMap<>();
        unet.namedTensors().forEach((name, p) -> {
            assertEquals(DataType.FLOAT32, p.getArray().getDataType(), name);
            assertArrayEquals(expected.get(name).toFloatArray(), p.getArray().toFloatArray(), name);
            distinct.put(p.getArray(), name);
        });
        assertEquals(expected.size(), distinct.size());
    }

    @Test
    void aFileMissingANameAndHoldingAStrayOneIsRefusedAsTheSameTensorsInMemoryAreAndNothingIsWritten()
            throws IOException {
        Linear fc = new Linear(2, 3, true);
        fc.initialize(manager, DataType.FLOAT32, 5L);
        float[] initialWeight = fc.namedTensors().get("weight").getArray().toFloatArray();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("weight", manager.ones(new Shape(3, 2)));
        tensors.put("stray", manager.ones(new Shape(3)));

        String inMemory = assertThrows(StateDictMismatchException.class, () -> fc.loadStateDict(tensors, manager))
                .getMessage();
        String fromFile = assertThrows(StateDictMismatchException.class,
                () -> fc.loadStateDict(Checkpoints.read(written(tensors), manager), manager)).getMessage();

        assertEquals(inMemory, fromFile);
        assertEquals("Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: \"bias\".\n"
                + "\tUnexpected key(s) in state_dict: \"stray\".", fromFile);
        assertArrayEquals(initialWeight, fc.namedTensors().get("weight").getArray().toFloatArray());
    }

    @Test
    void halfPrecisionTensorsAreWidenedToTheParametersFloat32AsTheyStream() throws IOException {
        Linear fc = new Linear(2, 2, false);
        fc.initialize(manager, DataType.FLOAT32, 5L);
        Map<String, NDArray> half = Map.of("weight",
                manager.create(new float[] {0.5f, -2f, 1.0009765625f, 65504f}, new Shape(2, 2)).toType(
                        DataType.FLOAT16, false));

        fc.loadStateDict(Checkpoints.read(written(half), manager), manager);

        NDArray weight = fc.namedTensors().get("weight").getArray();
        assertEquals(DataType.FLOAT32, weight.getDataType());
        assertArrayEquals(new float[] {0.5f, -2f, 1.0009765625f, 65504f}, weight.toFloatArray());
    }

    @Test
    void aFilesDeprecatedVaeNamesAndIgnoredClipBufferAreApplied() throws IOException {
        AutoencoderKL vae = new AutoencoderKL(new SdVaeConfig(3, 3, new int[] {4, 8, 8}, 1, 2, 4, 0.18215f));
        Map<String, NDArray> published = new LinkedHashMap<>();
        vae.namedShapes().forEach((name, shape) -> published.put(name.replace("attentions.0.to_q.",
                "attentions.0.query.").replace("attentions.0.to_out.0.", "attentions.0.proj_attn."),
                manager.full(shape, (float) name.length())));
        ClipTextModel source = new ClipTextModel(new ClipTextConfig(50, 8, 16, 2, 2, 10, 1e-5f));
        source.initialize(manager, DataType.FLOAT32, 7L);
        Map<String, NDArray> clip = new LinkedHashMap<>();
        source.namedTensors().forEach((name, p) -> clip.put(name, p.getArray()));
        clip.put("text_model.embeddings.position_ids", manager.arange(0, 10, 1, DataType.INT64).reshape(1, 10));

        vae.loadPublished(Checkpoints.read(written(published), manager), manager);
        ClipTextModel loaded = ClipTextModel.fromWeights(Checkpoints.read(written(clip), manager), 2, 1e-5f, manager);

        vae.namedTensors().forEach((name, p) -> assertEquals(name.length(),
                p.getArray().getFloat(firstIndex(p.getArray().getShape())), name));
        assertModulesEqual(source, loaded);
    }

    @Test
    void theSameNameTwiceAfterRenamingAFileIsRefused() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("a.query.weight", manager.ones(new Shape(1)));
        tensors.put("a.to_q.weight", manager.ones(new Shape(1)));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Checkpoints.renamed(
                Checkpoints.read(written(tensors), manager), name -> name.replace(".query.", ".to_q.")));

        assertEquals("the checkpoint holds a.to_q.weight under two names", refused.getMessage());
    }

    private static long[] firstIndex(Shape shape) {
        return new long[shape.dimension()];
    }

    private static void assertModulesEqual(TorchModule expected, TorchModule actual) {
        assertEquals(expected.namedTensors().keySet(), actual.namedTensors().keySet());
        expected.namedTensors().forEach((name, p) -> assertArrayEquals(p.getArray().toFloatArray(),
                actual.namedTensors().get(name).getArray().toFloatArray(), name));
    }

    private static UNet2DConditionModel goldenUnet() throws IOException {
        return new UNet2DConditionModel(SdUnetConfig.fromJson(new ObjectMapper().readTree(
                SD_UNET.resolve("config.json").toFile()).path("hyperparameters").path("unet_config")));
    }

    private Path written(Map<String, NDArray> tensors) throws IOException {
        Path file = Files.createTempFile(dir, "checkpoint", ".safetensors");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            SafetensorsWriter.write(tensors, out);
        }
        return file;
    }
}
