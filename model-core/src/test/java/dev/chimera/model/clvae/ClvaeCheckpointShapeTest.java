package dev.chimera.model.clvae;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.StateDictMismatchException;

class ClvaeCheckpointShapeTest {

    private static final Path WEIGHTS = Path.of(System.getProperty("chimera.golden.dir"), "clvae-spade-generator",
            "weights.safetensors");

    /** The golden case's generator: 5 classes, z 8, local z 5, ngf 2, SPADE hidden 7, 'normal' at 64². */
    private static final ClvaeConfig GOLDEN = new ClvaeConfig(5, 8, 5, 2, 7, UpsamplingMode.NORMAL, 64, 1.0, 2, 256,
            true);

    private static Map<String, NDArray> generatorWeights(NDManager manager) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray tensor : NDList.decode(manager, Files.readAllBytes(WEIGHTS))) {
            if (!tensor.getName().startsWith("E.")) {
                out.put(tensor.getName(), tensor);
            }
        }
        return out;
    }

    @Test
    void refusesATensorOfTheWrongShapeNamingIt() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> weights = generatorWeights(m);
            weights.put("fc.weight", m.zeros(new Shape(128, 9)));
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> ClvaeSynthesizer.load(GOLDEN, weights, null, m));
            assertTrue(e.getMessage().contains("size mismatch for fc.weight: copying a param with shape (128, 9)"),
                    e.getMessage());
        }
    }

    @Test
    void refusesTheTinyCheckpointForTheFullSizeAde20kModel() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> weights = generatorWeights(m);
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> ClvaeSynthesizer.load(ClvaeConfig.ade20k(), weights, null, m));
            assertTrue(e.getMessage().contains("size mismatch for embedding.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("size mismatch for head_0.conv_0.weight"), e.getMessage());
        }
    }

    @Test
    void refusesACheckpointThatLacksATensor() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> weights = generatorWeights(m);
            weights.remove("up_2.norm_s.param_free_norm.running_var");
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> ClvaeSynthesizer.load(GOLDEN, weights, null, m));
            assertTrue(e.missingKeys().contains("up_2.norm_s.param_free_norm.running_var"), e.getMessage());
        }
    }
}
