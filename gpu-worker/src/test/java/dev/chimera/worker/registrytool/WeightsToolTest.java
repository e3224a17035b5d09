package dev.chimera.worker.registrytool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.model.clvae.ClvaeSynthesizer;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.golden.ClvaeGolden;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.SpectralNormFolding;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.models.ClvaeWeights;
import dev.chimera.worker.models.CrossbreedWeights;
import dev.chimera.worker.models.DinoWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelManifest;
import dev.chimera.worker.models.ModelRegistry;

/**
 * The registry tool against the local stack's S3 server (in a bucket of its own, so the demo's models are never
 * touched) with the golden cases' weight files; every test uses a version name of its own and removes it.
 */
@Tag("integration")
class WeightsToolTest {

    private static final Path GOLDEN = Path.of(System.getProperty("chimera.golden.dir"));
    private static final Path CROSSBREED = GOLDEN.resolve("crossbreed-generator");
    private static final Path CLVAE = GOLDEN.resolve("clvae-spade-generator");

    private static ObjectStore objects;

    @TempDir
    Path work;

    private ModelRegistry registry;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final List<String[]> registered = new ArrayList<>();
    private final String version = "test-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()).withBucket("chimera-weights-test"));
        objects.ensureBucket();
    }

    @AfterAll
    static void disconnect() {
        objects.close();
    }

    @BeforeEach
    void openRegistry() {
        registry = new ModelRegistry(objects, work.resolve("cache"), Map.of(), NDManager.newBaseManager());
    }

    @AfterEach
    void removeWhatTheTestRegistered() {
        for (String[] familyVersion : registered) {
            if (registry.manifests(familyVersion[0]).stream().anyMatch(m -> m.version().equals(familyVersion[1]))) {
                registry.remove(familyVersion[0], familyVersion[1]);
            }
        }
        registry.close();
    }

    private int weights(String... args) {
        if (args.length > 2 && List.of("register", "fetch").contains(args[0])) {
            registered.add(new String[] {args[1], args[2]});
        }
        return new WeightsTool(registry, work.resolve("tool"), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(List.of(args), new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    private Path crossbreedConfig() throws IOException {
        JsonNode hyperparameters = ContractJson.mapper().readTree(CROSSBREED.resolve("config.json").toFile())
                .path("hyperparameters");
        Path file = work.resolve("crossbreed-config.json");
        ContractJson.mapper().writeValue(file.toFile(),
                CrossbreedWeights.configJson(CrossbreedConfig.fromJson(hyperparameters)));
        return file;
    }

    private Path clvaeConfig() throws IOException {
        JsonNode hyperparameters = ContractJson.mapper().readTree(CLVAE.resolve("config.json").toFile())
                .path("hyperparameters");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> weights = Checkpoints.read(CLVAE.resolve("weights.safetensors"), manager);
            Path file = work.resolve("clvae-config.json");
            ContractJson.mapper().writeValue(file.toFile(), ClvaeWeights.configJson(ClvaeGolden.config(
                    hyperparameters, Checkpoints.withoutPrefix(weights, "E."), Checkpoints.withPrefix(weights, "E."))));
            return file;
        }
    }

    /** A local HTTP server answering GET {@code path} with the file's bytes. */
    private static HttpServer serving(String path, Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private ModelManifest manifestOf(String family) {
        return registry.manifests(family).stream().filter(m -> m.version().equals(version)).findFirst()
                .orElseThrow();
    }

    @Test
    void registersThePublishedGeneratorOfAPickledCheckpointAsFoldedSafetensors() throws IOException {
        int status = weights("register", "crossbreed", version, "generator=" + CROSSBREED.resolve("weights.pth"),
                "--config", crossbreedConfig().toString(), "--untrained");

        assertEquals(0, status, errors());
        ModelManifest manifest = manifestOf("crossbreed");
        assertEquals(List.of("generator.safetensors"), manifest.files().stream().map(f -> f.name()).toList());
        assertFalse(manifest.trained());
        assertTrue(manifest.source().contains("weights.pth (sha256 " + Download.sha256(
                CROSSBREED.resolve("weights.pth")) + ")"), manifest.source());
        try (NDManager manager = NDManager.newBaseManager()) {
            // The golden safetensors file holds G's state dict bare; the .pth nests it under 'G' beside 'D'.
            Map<String, NDArray> golden = SpectralNormFolding.fold(
                    Checkpoints.read(CROSSBREED.resolve("weights.safetensors"), manager));
            Map<String, NDArray> stored = Checkpoints.read(registry.localFiles(manifest).get("generator.safetensors"),
                    manager);
            assertEquals(golden.keySet(), stored.keySet());
            golden.forEach((name, tensor) -> assertArrayEquals(tensor.toFloatArray(), stored.get(name).toFloatArray(),
                    name));
        }
    }

    @Test
    void registeredWeightsLoadThroughTheWorkersRegistryByVersion() throws IOException {
        weights("register", "crossbreed", version, "generator=" + CROSSBREED.resolve("weights-legacy.pth"),
                "--config", crossbreedConfig().toString());
        try (ModelRegistry pinned = new ModelRegistry(objects, work.resolve("cache2"),
                Map.of(ModelRegistry.pinVariable("crossbreed"), version), NDManager.newBaseManager())) {
            LoadedModel<CrossbreedGenerator> model = pinned.load("crossbreed", CrossbreedWeights.loader());

            assertEquals(version, model.manifest().version());
            assertTrue(model.manifest().trained());
        }
    }

    @Test
    void splitsOneCheckpointIntoGeneratorAndEncoderByPrefix() throws IOException {
        Path file = CLVAE.resolve("weights.safetensors");
        int status = weights("register", "clvae-ade20k", version, "generator=" + file, "encoder=" + file + "#E.",
                "--config", clvaeConfig().toString());

        assertEquals(0, status, errors());
        ModelManifest manifest = manifestOf("clvae-ade20k");
        assertEquals(List.of("generator.safetensors", "encoder.safetensors"),
                manifest.files().stream().map(f -> f.name()).toList());
        try (ModelRegistry pinned = new ModelRegistry(objects, work.resolve("cache2"),
                Map.of(ModelRegistry.pinVariable("clvae-ade20k"), version), NDManager.newBaseManager())) {
            LoadedModel<ClvaeSynthesizer> model = pinned.load("clvae-ade20k", ClvaeWeights.loader());
            assertEquals(version, model.manifest().version());
        }
    }

    @Test
    void refusesWeightsThatDoNotFitTheNetworkAndRegistersNothing() throws IOException {
        int status = weights("register", "crossbreed", version,
                "generator=" + GOLDEN.resolve("dino-vit").resolve("weights.safetensors"),
                "--config", crossbreedConfig().toString());

        assertEquals(1, status);
        assertTrue(errors().contains("weights:"), errors());
        assertTrue(registry.manifests("crossbreed").stream().noneMatch(m -> m.version().equals(version)));
    }

    @Test
    void refusesAFileWhoseHashIsNotTheExpectedOne() throws IOException {
        int status = weights("register", "crossbreed", version, "generator=" + CROSSBREED.resolve("weights.pth"),
                "--config", crossbreedConfig().toString(), "--sha256", "generator=" + "0".repeat(64));

        assertEquals(1, status);
        assertTrue(errors().contains("expected " + "0".repeat(64)), errors());
        assertTrue(registry.manifests("crossbreed").stream().noneMatch(m -> m.version().equals(version)));
    }

    @Test
    void downloadsASourceOverHttpAndChecksItsHash() throws IOException {
        HttpServer server = serving("/dl/weights.pth", CROSSBREED.resolve("weights.pth"));
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dl/weights.pth";
            int status = weights("register", "crossbreed", version, "generator=" + url,
                    "--config", crossbreedConfig().toString(),
                    "--sha256", "generator=" + Download.sha256(CROSSBREED.resolve("weights.pth")));

            assertEquals(0, status, errors());
            assertTrue(manifestOf("crossbreed").source().startsWith("generator: " + url), printed());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fetchesTheOfficialDinoWeightsFromAMirrorOfThePublishersPaths() throws IOException {
        Path dino = GOLDEN.resolve("dino-vit");
        HttpServer server = serving("/dino/dino_vitbase8_pretrain/dino_vitbase8_pretrain.pth",
                dino.resolve("weights.pth"));
        Path config = work.resolve("dino-config.json");
        ContractJson.mapper().writeValue(config.toFile(), DinoWeights.configJson(VitConfig.fromJson(
                ContractJson.mapper().readTree(dino.resolve("config.json").toFile()).path("hyperparameters"))));
        try {
            int status = weights("fetch", "dino-vitb8", version, "--mirror",
                    "http://127.0.0.1:" + server.getAddress().getPort(), "--config", config.toString(),
                    "--sha256", Download.sha256(dino.resolve("weights.pth")));

            assertEquals(0, status, errors());
        } finally {
            server.stop(0);
        }
        try (ModelRegistry pinned = new ModelRegistry(objects, work.resolve("cache2"),
                Map.of(ModelRegistry.pinVariable("dino-vitb8"), version), NDManager.newBaseManager())) {
            LoadedModel<VisionTransformer> model = pinned.load("dino-vitb8", DinoWeights.loader());
            assertTrue(model.manifest().trained());
            assertTrue(model.manifest().licence().contains("Apache-2.0"), model.manifest().licence());
            assertTrue(model.manifest().source().contains("/dino/dino_vitbase8_pretrain/"), model.manifest().source());
        }
    }

    @Test
    void refusesToFetchAFamilyWithoutADirectDownloadLink() {
        assertEquals(1, weights("fetch", "crossbreed", version));
        assertTrue(errors().contains("no direct download link"), errors());
    }

    @Test
    void refusesToOverwriteAVersionUnlessToldToReplaceIt() throws IOException {
        String config = crossbreedConfig().toString();
        String source = "generator=" + CROSSBREED.resolve("weights.pth");
        assertEquals(0, weights("register", "crossbreed", version, source, "--config", config), errors());

        assertEquals(1, weights("register", "crossbreed", version, source, "--config", config));
        assertTrue(errors().contains("already registered"), errors());
        assertEquals(0, weights("register", "crossbreed", version, source, "--config", config, "--untrained",
                "--replace"), errors());
        assertFalse(manifestOf("crossbreed").trained());
    }

    @Test
    void listsAndRemovesVersions() throws IOException {
        weights("register", "crossbreed", version, "generator=" + CROSSBREED.resolve("weights.pth"),
                "--config", crossbreedConfig().toString());
        String prefix = manifestOf("crossbreed").prefix();

        assertEquals(0, weights("list", "crossbreed"));
        assertTrue(printed().lines().anyMatch(line -> line.startsWith("crossbreed") && line.contains(version)),
                printed());
        assertEquals(0, weights("remove", "crossbreed", version), errors());
        assertTrue(registry.manifests("crossbreed").stream().noneMatch(m -> m.version().equals(version)));
        assertTrue(objects.list(prefix).isEmpty(), "files left under " + prefix);
        assertEquals(1, weights("remove", "crossbreed", version));
    }

    @Test
    void explainsAWrongCommandLine() {
        assertEquals(2, weights("register", "crossbreed"));
        assertTrue(errors().contains("usage: weights"), errors());
        assertEquals(2, weights("frobnicate"));
        assertEquals(1, weights("register", "no-such-family", version, "generator=x"));
        assertTrue(errors().contains("unknown model family"), errors());
    }
}
