package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.Checkpoints;


class CrossbreedGoldenTest {

    private static final Path CASE = Path.of(System.getProperty("chimera.golden.dir"),
            "crossbreed-generator");

    private static Map<String, NDArray> decode(NDManager manager, String file) throws IOException {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray array : NDList.decode(manager, Files.readAllBytes(CASE.resolve(file)))) {
            named.put(array.getName(), array);
        }
        return named;
    }

    private static GoldenCase goldenCase(NDManager manager) throws IOException {
        JsonNode config = new ObjectMapper().readTree(CASE.resolve("config.json").toFile());
        return new GoldenCase(CASE, config, decode(manager, "inputs.safetensors"),
                decode(manager, "outputs.safetensors"));
    }

    private static void assertEveryOutputWithinTolerance(GoldenCase goldenCase, Map<String, NDArray> actual) {
        List<String> names = List.copyOf(goldenCase.expected().keySet());
        assertEquals(goldenCase.config().path("outputs").size(), actual.size());
        StringBuilder failures = new StringBuilder();
        for (String name : names) {
            Tolerance tolerance = Tolerance.of(goldenCase.config().path("tolerance"), name, name);
            OutputComparison result = OutputComparison.compare(goldenCase.expected().get(name), actual.get(name),
                    tolerance);
            System.out.println("crossbreed-generator " + name + " " + result.describe());
            if (!result.passed()) {
                failures.append(name).append(' ').append(result.describe()).append('\n');
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void reproducesEveryReferenceOutputFromTheSafetensorsWeights() throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GoldenCase goldenCase = goldenCase(manager);
            Map<String, NDArray> actual = new CrossbreedGolden().run(goldenCase,
                    decode(manager, "weights.safetensors"), manager);
            assertEveryOutputWithinTolerance(goldenCase, actual);
        }
    }

    @Test
    void readsTheGeneratorOutOfAPublishedStyleCheckpointWithAGPrefix() throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GoldenCase goldenCase = goldenCase(manager);
            Map<String, NDArray> weights = Checkpoints.read(CASE.resolve("weights.pth"), manager);
            assertTrue(weights.keySet().stream().allMatch(k -> k.startsWith("G.")), weights.keySet().toString());
            assertEveryOutputWithinTolerance(goldenCase, new CrossbreedGolden().run(goldenCase, weights, manager));
        }
    }
}
