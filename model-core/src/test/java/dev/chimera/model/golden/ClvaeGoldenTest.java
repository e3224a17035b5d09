package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.UpsamplingMode;

class ClvaeGoldenTest {

    private static final Path CASE = Path.of(System.getProperty("chimera.golden.dir"), "clvae-spade-generator");

    @Test
    void reproducesEveryOutputOfTheReferenceWithinItsTolerance() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            JsonNode config = new ObjectMapper().readTree(CASE.resolve("config.json").toFile());
            GoldenCase goldenCase = new GoldenCase(CASE, config, read(manager, "inputs.safetensors"),
                    read(manager, "outputs.safetensors"));

            Map<String, NDArray> actual = new ClvaeGolden().run(goldenCase, read(manager, "weights.safetensors"),
                    manager);

            assertEquals(goldenCase.expected().keySet(), actual.keySet());
            List<String> failures = new ArrayList<>();
            goldenCase.expected().forEach((name, expected) -> {
                JsonNode tolerance = config.path("tolerance").path("per_output").path(name);
                OutputComparison result = OutputComparison.compare(expected, actual.get(name), new Tolerance(
                        tolerance.path("atol").asDouble(), tolerance.path("rtol").asDouble(), Map.of()));
                System.out.println(name + " " + result.describe());
                if (!result.passed()) {
                    failures.add(name + " " + result.describe());
                }
            });
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    @Test
    void readsTheConfigFromConfigJsonAndTheWeightShapesNotFromTheCaseName() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            JsonNode hp = new ObjectMapper().readTree("""
                    {"semantic_nc": 6, "z_dim (global)": 10, "z_dim_local": 3, "ngf": 2,
                     "num_upsampling_layers": "more", "crop_size": 64, "aspect_ratio": 0.5}""");
            Map<String, NDArray> generator = Map.of("head_0.norm_0.mlp_shared.0.weight",
                    manager.zeros(new Shape(5, 3, 3, 3)));
            Map<String, NDArray> encoder = Map.of("layer1.0.weight_orig", manager.zeros(new Shape(4, 3, 3, 3)),
                    "layer6.0.weight_orig", manager.zeros(new Shape(32, 32, 3, 3)),
                    "fc_mu.weight", manager.zeros(new Shape(10, 32 * 16)));

            ClvaeConfig config = ClvaeGolden.config(hp, generator, encoder);

            assertEquals(new ClvaeConfig(6, 10, 3, 2, 5, UpsamplingMode.MORE, 64, 0.5, 4, 256, true), config);
            assertEquals(2, config.startHeight());
        }
    }

    private static Map<String, NDArray> read(NDManager manager, String file) throws IOException {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray tensor : NDList.decode(manager, Files.readAllBytes(CASE.resolve(file)))) {
            named.put(tensor.getName(), tensor);
        }
        return named;
    }
}
