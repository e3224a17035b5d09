package dev.chimera.worker.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;

/**
 * The registry against the local stack's S3 server, in a bucket of its own (the demo's models are never touched), each
 * test with a model family of its own.
 */
@Tag("integration")
class ModelRegistryTest {

    private static ObjectStore objects;

    @TempDir
    Path cache;

    @BeforeAll
    static void connect() {
        objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()).withBucket("chimera-registry-test"));
        objects.ensureBucket();
    }

    @AfterAll
    static void disconnect() {
        objects.close();
    }

    private static String freshFamily() {
        return "test-" + UUID.randomUUID();
    }

    private ModelRegistry registry(Map<String, String> environment) {
        return new ModelRegistry(objects, cache, environment, NDManager.newBaseManager());
    }

    private static ModelManifest register(ModelRegistry registry, String family, String version, String content) {
        return registry.register(family, version, false, ContractJson.mapper().createObjectNode(),
                Map.of("generator.bin", content.getBytes(StandardCharsets.UTF_8)), "test", "test");
    }

    /** A loader that reads the generator file as text and counts its calls. */
    private static ModelLoader<String> textLoader(AtomicInteger loads) {
        return (manifest, files, manager) -> {
            loads.incrementAndGet();
            return Files.readString(files.get("generator.bin"));
        };
    }

    @Test
    void loadsTheNewestVersionAfterVerifyingItsHash() {
        String family = freshFamily();
        try (ModelRegistry registry = registry(Map.of())) {
            register(registry, family, "v1", "first weights");
            ModelManifest newest = register(registry, family, "v2", "second weights");

            LoadedModel<String> model = registry.load(family, textLoader(new AtomicInteger()));

            assertEquals("v2", model.manifest().version());
            assertEquals("second weights", model.network());
            assertEquals(newest.files(), model.manifest().files());
            assertFalse(model.manifest().trained());
        }
    }

    @Test
    void localFilesAreStreamedUpWithTheirHashAndSize() throws IOException {
        String family = freshFamily();
        Path local = Files.createDirectories(cache.resolve("upload")).resolve("generator.bin");
        Files.writeString(local, "streamed weights");
        try (ModelRegistry registry = registry(Map.of())) {
            ModelManifest manifest = registry.registerFiles(family, "v1", false,
                    ContractJson.mapper().createObjectNode(), Map.of("generator.bin", local), "test", "test");

            LoadedModel<String> model = registry.load(family, textLoader(new AtomicInteger()));

            assertEquals("streamed weights", model.network());
            assertEquals(List.of(new ModelFile("generator.bin", ModelFileCache.sha256("streamed weights"
                    .getBytes(StandardCharsets.UTF_8)), 16)), manifest.files());
        }
    }

    @Test
    void aPinnedVersionWinsOverTheNewest() {
        String family = freshFamily();
        try (ModelRegistry registry = registry(Map.of(ModelRegistry.pinVariable(family), "v1"))) {
            register(registry, family, "v1", "first weights");
            register(registry, family, "v2", "second weights");

            assertEquals("first weights", registry.load(family, textLoader(new AtomicInteger())).network());
        }
    }

    @Test
    void pinVariablesAreNamedAfterTheFamily() {
        assertEquals("CHIMERA_MODEL_CLVAE_ADE20K_VERSION", ModelRegistry.pinVariable("clvae-ade20k"));
    }

    @Test
    void keepsTheLoadedNetworkInMemoryBetweenJobs() {
        String family = freshFamily();
        AtomicInteger loads = new AtomicInteger();
        try (ModelRegistry registry = registry(Map.of())) {
            register(registry, family, "v1", "weights");

            LoadedModel<String> first = registry.load(family, textLoader(loads));
            LoadedModel<String> second = registry.load(family, textLoader(loads));

            assertSame(first, second);
            assertEquals(1, loads.get());
        }
    }

    @Test
    void refusesAFileWhoseContentDoesNotMatchTheManifest() {
        String family = freshFamily();
        try (ModelRegistry registry = registry(Map.of())) {
            ModelManifest manifest = register(registry, family, "v1", "genuine weights");
            objects.put(manifest.prefix() + "generator.bin", "tampered weights".getBytes(StandardCharsets.UTF_8),
                    "application/octet-stream");

            ModelCorruptException refused = assertThrows(ModelCorruptException.class,
                    () -> registry.load(family, textLoader(new AtomicInteger())));

            assertTrue(refused.getMessage().contains("generator.bin"), refused.getMessage());
            assertFalse(Files.exists(cache.resolve(family).resolve("v1").resolve("generator.bin")),
                    "a corrupt download is not left in the cache");
        }
    }

    @Test
    void reusesTheDiskCacheWithoutDownloadingAgain() {
        String family = freshFamily();
        try (ModelRegistry first = registry(Map.of())) {
            ModelManifest manifest = register(first, family, "v1", "cached weights");
            first.load(family, textLoader(new AtomicInteger()));
            objects.delete(manifest.prefix() + "generator.bin");
        }
        try (ModelRegistry restarted = registry(Map.of())) {
            assertEquals("cached weights", restarted.load(family, textLoader(new AtomicInteger())).network());
        }
    }

    @Test
    void downloadsAgainWhenTheCachedCopyWasDamaged() throws IOException {
        String family = freshFamily();
        try (ModelRegistry first = registry(Map.of())) {
            register(first, family, "v1", "original weights");
            first.load(family, textLoader(new AtomicInteger()));
        }
        Files.writeString(cache.resolve(family).resolve("v1").resolve("generator.bin"), "bit rot");
        try (ModelRegistry restarted = registry(Map.of())) {
            assertEquals("original weights", restarted.load(family, textLoader(new AtomicInteger())).network());
        }
    }

    @Test
    void anUnregisteredFamilyIsUnavailable() {
        try (ModelRegistry registry = registry(Map.of())) {
            assertThrows(ModelUnavailableException.class,
                    () -> registry.load(freshFamily(), textLoader(new AtomicInteger())));
        }
    }

    @Test
    void demoWeightsLoadIntoTheRealNetworkAndSayTheyAreUntrained() {
        String family = freshFamily();
        try (ModelRegistry registry = registry(Map.of())) {
            DemoWeights.DemoModel demo = DemoWeights.build(CrossbreedWeights.FAMILY);
            registry.register(family, "demo", false, demo.config(), demo.files(), "test", "test");

            LoadedModel<CrossbreedGenerator> model = registry.load(family, CrossbreedWeights.loader());

            assertEquals(DemoWeights.CROSSBREED, model.network().config());
            assertFalse(model.manifest().trained());
            assertTrue(model.network().isInitialized());
        }
    }
}
