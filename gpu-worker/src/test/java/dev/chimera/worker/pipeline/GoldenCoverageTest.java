package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.Method;
import dev.chimera.model.golden.GoldenNetwork;
import dev.chimera.model.golden.GoldenNetworks;
import dev.chimera.worker.messaging.Worker;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelLoader;
import dev.chimera.worker.models.ModelSource;

/**
 * No method is served whose networks are not checked against their reference: every network a served method's
 * declaration names has a golden adapter and a golden case. The methods a worker serves are those of its pipelines.
 */
class GoldenCoverageTest {

    private static final Path GOLDEN = Path.of(System.getProperty("chimera.golden.dir"));

    // The pipelines are only asked which method they run; none of them loads a model here.
    private static final ModelSource NO_MODELS = new ModelSource() {
        @Override
        public <T> LoadedModel<T> load(String family, ModelLoader<T> loader) {
            throw new AssertionError("no model is loaded to list the served methods, asked for " + family);
        }
    };

    private static List<Method> servedMethods() {
        return Worker.pipelines(NO_MODELS, CiaPrecision.FLOAT32).stream().map(pipeline -> pipeline.spec().method())
                .toList();
    }

    @Test
    void theWorkerServesEveryMethod() {
        assertEquals(Set.of(Method.values()), Set.copyOf(servedMethods()));
    }

    @Test
    void everyNetworkOfEveryServedMethodHasARegisteredGoldenAdapter() {
        List<GoldenNetwork> registered = GoldenNetworks.all();
        for (Method method : servedMethods()) {
            for (String network : method.spec().goldenNetworks()) {
                assertTrue(GoldenNetworks.find(registered, network).isPresent(),
                        method.wireName() + " is made of " + network + ", which has no GoldenNetwork");
            }
        }
    }

    @Test
    void everyNetworkOfEveryServedMethodHasAGoldenCase() throws IOException {
        Set<String> casesByNetwork = networksWithACase();
        assertFalse(casesByNetwork.isEmpty(), "no golden case under " + GOLDEN);
        for (Method method : servedMethods()) {
            for (String network : method.spec().goldenNetworks()) {
                assertTrue(casesByNetwork.contains(network),
                        method.wireName() + " is made of " + network + ", which has no case under " + GOLDEN);
            }
        }
    }

    /** The {@code network} of every case directory's config.json. */
    private static Set<String> networksWithACase() throws IOException {
        try (Stream<Path> cases = Files.list(GOLDEN)) {
            return cases.map(dir -> dir.resolve("config.json")).filter(Files::isRegularFile)
                    .map(GoldenCoverageTest::networkOf).collect(Collectors.toSet());
        }
    }

    private static String networkOf(Path config) {
        try {
            return ContractJson.mapper().readTree(config.toFile()).path("network").asText();
        } catch (IOException e) {
            throw new AssertionError("unreadable golden config " + config, e);
        }
    }
}
