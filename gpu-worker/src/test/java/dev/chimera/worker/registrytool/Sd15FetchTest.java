package dev.chimera.worker.registrytool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.contract.ContractJson;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.SafetensorsWriter;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.models.DemoWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.models.Sd15Networks;
import dev.chimera.worker.models.Sd15Weights;

/**
 * {@code weights fetch sd15} against a mirror of the publishers' paths serving SD-shaped files as published: the VAE
 * under its pre-0.14 attention names, the text encoder with its {@code position_ids} buffer, CLIP's merges file.
 */
@Tag("integration")
class Sd15FetchTest {

    private static final String HUB = "/stable-diffusion-v1-5/stable-diffusion-v1-5/resolve/main/";

    @TempDir
    Path work;

    @Test
    void fetchesTheFourPublishedFilesAndLoadsThemWithTheAliasesAndIgnoredTensorsTheManifestLists()
            throws IOException {
        DemoWeights.DemoModel demo = DemoWeights.build(Sd15Weights.FAMILY);
        Map<String, byte[]> published = new LinkedHashMap<>();
        published.put(HUB + "unet/diffusion_pytorch_model.safetensors", demo.files().get("unet.safetensors"));
        published.put(HUB + "vae/diffusion_pytorch_model.safetensors",
                asPublished(demo.files().get("vae.safetensors"), true));
        published.put(HUB + "text_encoder/model.safetensors",
                asPublished(demo.files().get("text_encoder.safetensors"), false));
        published.put("/openai/CLIP/raw/main/clip/bpe_simple_vocab_16e6.txt.gz",
                demo.files().get(Sd15Weights.TOKENIZER_FILE));
        Path config = work.resolve("sd15-config.json");
        ContractJson.mapper().writeValue(config.toFile(), demo.config());
        String version = "test-" + UUID.randomUUID();
        HttpServer mirror = serving(published);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()).withBucket("chimera-weights-test"));
             ModelRegistry registry = new ModelRegistry(objects, work.resolve("cache"), Map.of(),
                     NDManager.newBaseManager())) {
            objects.ensureBucket();
            int status = new WeightsTool(registry, work.resolve("tool"), new PrintStream(new ByteArrayOutputStream()))
                    .run(List.of("fetch", "sd15", version, "--mirror",
                            "http://127.0.0.1:" + mirror.getAddress().getPort(), "--config", config.toString()),
                            new PrintStream(errors, true, StandardCharsets.UTF_8));
            assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
            try (ModelRegistry pinned = new ModelRegistry(objects, work.resolve("cache2"),
                    Map.of(ModelRegistry.pinVariable("sd15"), version), NDManager.newBaseManager())) {
                LoadedModel<Sd15Networks> model = pinned.load("sd15", Sd15Weights.loader());
                JsonNode manifestConfig = model.manifest().config();
                assertEquals("decoder.mid_block.attentions.0.to_q.weight",
                        manifestConfig.path(Sd15Weights.ALIASES).path("vae")
                                .path("decoder.mid_block.attentions.0.query.weight").asText());
                assertEquals("text_model.embeddings.position_ids",
                        manifestConfig.path(Sd15Weights.IGNORED).path("text_encoder").path(0).asText());
                assertTrue(model.manifest().licence().contains("CreativeML OpenRAIL-M"), model.manifest().licence());
                assertEquals(49408, model.network().tokenizer().vocabularySize());
                assertTrue(model.manifest().file(Sd15Weights.TOKENIZER_FILE).isPresent());
            } finally {
                registry.remove("sd15", version);
            }
        } finally {
            mirror.stop(0);
        }
    }

    /** A demo file as the publishers ship it: the VAE's old attention names, or the text encoder's extra buffer. */
    private byte[] asPublished(byte[] safetensors, boolean vae) throws IOException {
        Path file = Files.write(work.resolve(UUID.randomUUID() + ".safetensors"), safetensors);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            Checkpoints.read(file, manager).forEach((name, tensor) -> tensors.put(vae ? oldName(name) : name, tensor));
            if (!vae) {
                tensors.put("text_model.embeddings.position_ids", manager.arange(0f, 77f, 1f, DataType.INT64)
                        .reshape(new Shape(1, 77)));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SafetensorsWriter.write(tensors, Channels.newChannel(out));
            return out.toByteArray();
        }
    }

    private static String oldName(String name) {
        return name.replace(".to_q.", ".query.").replace(".to_k.", ".key.").replace(".to_v.", ".value.")
                .replace(".to_out.0.", ".proj_attn.");
    }

    private static HttpServer serving(Map<String, byte[]> files) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.forEach((path, body) -> server.createContext(path, exchange -> {
            try (InputStream ignored = exchange.getRequestBody()) {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }));
        server.start();
        return server;
    }
}
