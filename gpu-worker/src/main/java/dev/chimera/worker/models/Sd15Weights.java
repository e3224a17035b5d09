package dev.chimera.worker.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.chimera.contract.ContractJson;
import dev.chimera.model.clip.ClipTextConfig;
import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.clip.ClipTokenizer;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.weights.Checkpoints;

/**
 * The {@code sd15} model family, Stable Diffusion 1.5 as Cross-Image Attention runs it: files {@code unet.*},
 * {@code vae.*} and {@code text_encoder.*} holding diffusers' and transformers' state dicts by their published names,
 * and {@code tokenizer.txt.gz}, CLIP's BPE merges. The manifest's config holds each network's config.json keys, and
 * lists the two places where a published file's names differ from the networks': the VAE's deprecated attention
 * names, renamed at load, and the text encoder's {@code position_ids} buffer, read and not loaded.
 */
public final class Sd15Weights {

    /** The family name in the registry. */
    public static final String FAMILY = "sd15";
    /** The role of CLIP's BPE merges file, which is registered as it is published (gzipped text). */
    public static final String TOKENIZER_ROLE = "tokenizer";
    /** The name the tokenizer's file has in a version. */
    public static final String TOKENIZER_FILE = TOKENIZER_ROLE + ".txt.gz";
    /** The config key listing, per role, the published tensor names the loader renames. */
    public static final String ALIASES = "tensor_name_aliases";
    /** The config key listing, per role, the published tensors the loader reads and drops. */
    public static final String IGNORED = "ignored_tensors";

    private static final String CLIP_VOCABULARY_RESOURCE = "bpe_simple_vocab_16e6.txt.gz";

    private Sd15Weights() {
    }

    /** Loads the networks of a registered version, in float32. */
    public static ModelLoader<Sd15Networks> loader() {
        return loader(DataType.FLOAT32);
    }

    /**
     * Loads the networks of a registered version with their floating-point tensors in {@code precision} (float16
     * for half precision on a GPU): each file's tensors are converted as they are read, so the float32 copy of a
     * network never exists beside its half-precision one.
     */
    public static ModelLoader<Sd15Networks> loader(DataType precision) {
        return (manifest, files, manager) -> load(manifest, files, manager, precision);
    }

    /** The tokenizer's file as the repository ships it (CLIP's own, MIT licence beside it). */
    public static InputStream clipVocabulary() {
        InputStream in = Sd15Weights.class.getResourceAsStream(CLIP_VOCABULARY_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the worker jar lacks " + CLIP_VOCABULARY_RESOURCE);
        }
        return in;
    }

    /**
     * The manifest config of the three networks, each under its role by its own config.json keys, with the aliases
     * and ignored tensors the loader applies.
     */
    public static JsonNode configJson(SdUnetConfig unet, SdVaeConfig vae, ClipTextConfig textEncoder) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        json.set("unet", unetJson(unet));
        json.set("vae", vaeJson(vae));
        json.set("text_encoder", textEncoderJson(textEncoder));
        ObjectNode aliases = json.putObject(ALIASES);
        ObjectNode vaeAliases = aliases.putObject("vae");
        for (String half : new String[] {"encoder", "decoder"}) {
            new TreeMap<>(AutoencoderKL.DEPRECATED_ATTENTION_NAMES).forEach((old, current) -> {
                for (String kind : new String[] {"weight", "bias"}) {
                    String layer = half + ".mid_block.attentions.0.";
                    vaeAliases.put(layer + old + "." + kind, layer + current + "." + kind);
                }
            });
        }
        ArrayNode ignored = json.putObject(IGNORED).putArray("text_encoder");
        ClipTextModel.IGNORED_BUFFERS.forEach(ignored::add);
        return json;
    }

    /** The published networks' config: SD 1.5's UNet, VAE and CLIP ViT-L/14 text encoder. */
    public static JsonNode publishedConfig() {
        return configJson(SdUnetConfig.sd15(), SdVaeConfig.sd15(), ClipTextConfig.sd15());
    }

    private static ObjectNode unetJson(SdUnetConfig config) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        int levels = config.levels();
        json.put("in_channels", config.inChannels());
        json.put("out_channels", config.outChannels());
        ArrayNode widths = json.putArray("block_out_channels");
        ArrayNode down = json.putArray("down_block_types");
        ArrayNode up = json.putArray("up_block_types");
        ArrayNode heads = json.putArray("attention_head_dim");
        boolean[] cross = config.crossAttentionDown();
        for (int i = 0; i < levels; i++) {
            widths.add(config.blockOutChannels()[i]);
            down.add(cross[i] ? "CrossAttnDownBlock2D" : "DownBlock2D");
            up.add(cross[levels - 1 - i] ? "CrossAttnUpBlock2D" : "UpBlock2D");
            heads.add(config.attentionHeads()[i]);
        }
        json.put("mid_block_type", "UNetMidBlock2DCrossAttn");
        json.put("layers_per_block", config.layersPerBlock());
        json.put("cross_attention_dim", config.crossAttentionDim());
        json.put("norm_num_groups", config.normNumGroups());
        json.put("norm_eps", config.normEps());
        json.put("flip_sin_to_cos", config.flipSinToCos());
        json.put("freq_shift", config.freqShift());
        json.put("downsample_padding", config.downsamplePadding());
        json.put("act_fn", "silu");
        return json;
    }

    private static ObjectNode vaeJson(SdVaeConfig config) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        json.put("in_channels", config.inChannels());
        json.put("out_channels", config.outChannels());
        ArrayNode widths = json.putArray("block_out_channels");
        ArrayNode down = json.putArray("down_block_types");
        ArrayNode up = json.putArray("up_block_types");
        for (int width : config.blockOutChannels()) {
            widths.add(width);
            down.add("DownEncoderBlock2D");
            up.add("UpDecoderBlock2D");
        }
        json.put("layers_per_block", config.layersPerBlock());
        json.put("norm_num_groups", config.normNumGroups());
        json.put("latent_channels", config.latentChannels());
        json.put("scaling_factor", config.scalingFactor());
        json.put("act_fn", "silu");
        return json;
    }

    private static ObjectNode textEncoderJson(ClipTextConfig config) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        json.put("vocab_size", config.vocabSize());
        json.put("hidden_size", config.hiddenSize());
        json.put("intermediate_size", config.intermediateSize());
        json.put("num_hidden_layers", config.numHiddenLayers());
        json.put("num_attention_heads", config.numAttentionHeads());
        json.put("max_position_embeddings", config.maxPositionEmbeddings());
        json.put("layer_norm_eps", config.layerNormEps());
        json.put("hidden_act", "quick_gelu");
        return json;
    }

    private static Sd15Networks load(ModelManifest manifest, Map<String, Path> files, NDManager manager,
            DataType precision) throws IOException {
        JsonNode config = manifest.config();
        SdUnetConfig unetConfig;
        SdVaeConfig vaeConfig;
        ClipTextConfig textConfig;
        try {
            unetConfig = SdUnetConfig.fromJson(section(manifest, "unet"));
            vaeConfig = SdVaeConfig.fromJson(section(manifest, "vae"));
            textConfig = ClipTextConfig.fromJson(section(manifest, "text_encoder"));
        } catch (IllegalArgumentException e) {
            throw new ModelUnavailableException("model " + manifest.prefix() + " has an unusable config: "
                    + e.getMessage());
        }
        UNet2DConditionModel unet = new UNet2DConditionModel(unetConfig);
        AutoencoderKL vae = new AutoencoderKL(vaeConfig);
        ClipTextModel textEncoder = new ClipTextModel(textConfig);
        loadRole(manifest, files, "unet", manager, tensors -> unet.loadStateDict(tensors, manager, precision));
        loadRole(manifest, files, "vae", manager, tensors -> vae.loadPublished(tensors, manager, precision));
        loadRole(manifest, files, "text_encoder", manager,
                tensors -> textEncoder.loadStateDict(tensors, manager, precision));
        ClipTokenizer tokenizer = ClipTokenizer.read(ModelFiles.requiredRole(manifest, files, TOKENIZER_ROLE));
        if (tokenizer.vocabularySize() != textConfig.vocabSize()) {
            throw new ModelUnavailableException("model " + manifest.prefix() + " has a tokenizer of "
                    + tokenizer.vocabularySize() + " ids for a text encoder of " + textConfig.vocabSize());
        }
        if (config.path("unet").path("cross_attention_dim").asInt() != textConfig.hiddenSize()) {
            throw new ModelUnavailableException("model " + manifest.prefix() + " conditions its UNet on "
                    + unetConfig.crossAttentionDim() + " channels, its text encoder gives " + textConfig.hiddenSize());
        }
        return new Sd15Networks(unet, vae, textEncoder, tokenizer);
    }

    /** Reads {@code role}'s file and hands its tensors to {@code into}, then frees them before the next network's. */
    private static void loadRole(ModelManifest manifest, Map<String, Path> files, String role, NDManager manager,
            Consumer<Map<String, NDArray>> into) throws IOException {
        // One network's tensors at a time: the published UNet alone is 3.4 GB.
        try (NDManager reading = manager.newSubManager()) {
            into.accept(Checkpoints.read(ModelFiles.requiredRole(manifest, files, role), reading));
        }
    }

    private static JsonNode section(ModelManifest manifest, String role) {
        JsonNode section = manifest.config().get(role);
        if (section == null || !section.isObject()) {
            throw new ModelUnavailableException("model " + manifest.prefix() + " has no " + role + " config");
        }
        return section;
    }
}
