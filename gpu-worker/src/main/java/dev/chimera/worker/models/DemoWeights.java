package dev.chimera.worker.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.chimera.contract.params.ClvaeDataset;
import dev.chimera.contract.params.DinoVariant;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.ClvaeGenerator;
import dev.chimera.model.clvae.ClvaeStyleEncoder;
import dev.chimera.model.clvae.UpsamplingMode;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.weights.SafetensorsWriter;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;

/**
 * Registers randomly initialised networks of small configurations as {@code trained: false} model versions, so the
 * whole system runs end to end (about a second per CPU job) where the published weights cannot be downloaded. Their
 * pictures are noise-like; every result made with them says {@code trained=false}.
 *
 * <p>Run as {@code gpu-worker/bin/register-demo-weights [--force]}: families that already have a registered version
 * (for example trained weights) are left alone unless {@code --force} is given.
 */
public final class DemoWeights {

    private static final Logger LOG = Logger.getLogger(DemoWeights.class);

    /** Neural Crossbreed at 64², n_f 8: two content downsamplings, a 64-wide MLP. */
    public static final CrossbreedConfig CROSSBREED = new CrossbreedConfig(64, 8, 2, 2, 4, 0, 64, 2);

    /** clVAE for ADE20K-style label maps, cut down to 8 classes at 64². */
    public static final ClvaeConfig CLVAE_ADE20K = new ClvaeConfig(8, 16, 8, 8, 16, UpsamplingMode.NORMAL, 64, 1.0,
            8, 64, false);

    /** clVAE with DeepFashion's 16 classes at 64². */
    public static final ClvaeConfig CLVAE_DEEPFASHION = new ClvaeConfig(16, 16, 16, 8, 16, UpsamplingMode.NORMAL, 64,
            1.0, 8, 64, false);

    /** Every family the demo provides. */
    public static final List<String> FAMILIES = families();

    private static final String SOURCE = "randomly initialised by dev.chimera.worker.models.DemoWeights";
    private static final String LICENCE = "Apache-2.0 (random numbers, no training data)";

    private DemoWeights() {
    }

    private static List<String> families() {
        List<String> families = new ArrayList<>(List.of(CrossbreedWeights.FAMILY,
                ClvaeWeights.family(ClvaeDataset.ADE20K), ClvaeWeights.family(ClvaeDataset.DEEPFASHION)));
        for (DinoVariant variant : DinoVariant.values()) {
            families.add(DinoWeights.family(variant));
        }
        return List.copyOf(families);
    }

    /**
     * The tiny stand-in of a DINO variant: the variant's patch size, 32 wide, two blocks of two heads, a 4×4
     * position grid (so Splice feeds it 4 patches a side). Cheap enough for CPU tests; its features mean nothing.
     */
    public static VitConfig tinyVit(DinoVariant variant) {
        int patch = DinoWeights.published(variant).patchSize();
        return new VitConfig(4 * patch, patch, 3, 32, 2, 2, 64, true, 1e-6f);
    }

    /** Registers demo weights for every family that has none yet, or for all with {@code --force}. */
    public static void main(String[] args) {
        boolean force = List.of(args).contains("--force");
        Map<String, String> env = System.getenv();
        Path cache = Path.of(env.getOrDefault("CHIMERA_MODEL_CACHE", ".chimera/models"));
        try (ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment(env));
             ModelRegistry registry = new ModelRegistry(objects, cache, env, NDManager.newBaseManager())) {
            objects.ensureBucket();
            List<ModelManifest> registered = registerMissing(registry, force);
            for (String family : FAMILIES) {
                System.out.println(registered.stream().filter(m -> m.family().equals(family)).findFirst()
                        .map(m -> "registered " + m.prefix() + " trained=false")
                        .orElse("skipped " + family + ": a version is already registered (--force adds a demo one)"));
            }
        }
    }

    /** A demo network of one family: the manifest's config and the files, not registered yet. */
    public record DemoModel(String family, JsonNode config, Map<String, byte[]> files) {
    }

    /** Registers every family that has no version yet (every family when {@code force}); returns the new ones. */
    public static List<ModelManifest> registerMissing(ModelRegistry registry, boolean force) {
        String version = "demo-" + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        List<ModelManifest> registered = new ArrayList<>();
        for (String family : FAMILIES) {
            if (force || !registry.hasVersion(family)) {
                registered.add(register(registry, build(family), version));
            } else {
                LOG.infof("demo weights skipped family=%s reason=a version is already registered", family);
            }
        }
        return registered;
    }

    /** Registers {@code model} as {@code <family>/<version>} with {@code trained: false}. */
    public static ModelManifest register(ModelRegistry registry, DemoModel model, String version) {
        return registry.register(model.family(), version, false, model.config(), model.files(), SOURCE, LICENCE);
    }

    /**
     * Builds the demo network of a family: {@code crossbreed}, {@code clvae-ade20k}, {@code clvae-deepfashion} or
     * one of the {@code dino-*} ViTs.
     */
    public static DemoModel build(String family) {
        if (family.equals(CrossbreedWeights.FAMILY)) {
            return crossbreed();
        }
        for (DinoVariant variant : DinoVariant.values()) {
            if (family.equals(DinoWeights.family(variant))) {
                return dino(variant);
            }
        }
        for (ClvaeDataset dataset : ClvaeDataset.values()) {
            if (family.equals(ClvaeWeights.family(dataset))) {
                return clvae(dataset, dataset == ClvaeDataset.ADE20K ? CLVAE_ADE20K : CLVAE_DEEPFASHION);
            }
        }
        throw new IllegalArgumentException("no demo network for model family " + family);
    }

    private static DemoModel crossbreed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CrossbreedGenerator generator = new CrossbreedGenerator(CROSSBREED);
            generator.initialize(manager, DataType.FLOAT32);
            return new DemoModel(CrossbreedWeights.FAMILY, CrossbreedWeights.configJson(CROSSBREED),
                    Map.of("generator.safetensors", safetensors(generator)));
        }
    }

    private static DemoModel dino(DinoVariant variant) {
        try (NDManager manager = NDManager.newBaseManager()) {
            VitConfig config = tinyVit(variant);
            VisionTransformer vit = new VisionTransformer(config);
            vit.initialize(manager, DataType.FLOAT32);
            return new DemoModel(DinoWeights.family(variant), DinoWeights.configJson(config),
                    Map.of("vit.safetensors", safetensors(vit)));
        }
    }

    private static DemoModel clvae(ClvaeDataset dataset, ClvaeConfig config) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClvaeGenerator generator = new ClvaeGenerator(config);
            ClvaeStyleEncoder encoder = new ClvaeStyleEncoder(config);
            generator.initialize(manager, DataType.FLOAT32);
            encoder.initialize(manager, DataType.FLOAT32);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("generator.safetensors", safetensors(generator));
            files.put("encoder.safetensors", safetensors(encoder));
            return new DemoModel(ClvaeWeights.family(dataset), ClvaeWeights.configJson(config), files);
        }
    }

    /** The module's state dict in safetensors format, tensors named as the reference names them. */
    static byte[] safetensors(TorchModule module) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        module.namedTensors().forEach((name, parameter) -> tensors.put(name, parameter.getArray()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SafetensorsWriter.write(tensors, Channels.newChannel(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode safetensors", e);
        }
        return out.toByteArray();
    }
}
