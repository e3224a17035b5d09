package dev.chimera.worker.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.params.DinoVariant;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.weights.Checkpoints;

/**
 * The DINO ViT families Splice extracts its features with, one per published variant ({@code dino-vits16},
 * {@code dino-vits8}, {@code dino-vitb16}, {@code dino-vitb8}): one {@code vit.*} file holding DINO's state dict by
 * its own names ({@code dino_vitbase8_pretrain.pth} as published, or safetensors) and the ViT's keyword names as the
 * manifest's config.
 */
public final class DinoWeights {

    private DinoWeights() {
    }

    /** The registry family of a variant: {@code dino-} and DINO's hub name without its prefix. */
    public static String family(DinoVariant variant) {
        return "dino-" + variant.name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    /** The published configuration of a variant. */
    public static VitConfig published(DinoVariant variant) {
        return switch (variant) {
            case VIT_S16 -> VitConfig.vitS16();
            case VIT_S8 -> VitConfig.vitS8();
            case VIT_B16 -> VitConfig.vitB16();
            case VIT_B8 -> VitConfig.vitB8();
        };
    }

    /** Loads the frozen ViT of a registered version. */
    public static ModelLoader<VisionTransformer> loader() {
        return DinoWeights::load;
    }

    /** The manifest config of {@code config}: the keyword names of DINO's {@code VisionTransformer}. */
    public static JsonNode configJson(VitConfig config) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        json.put("img_size", config.imgSize());
        json.put("patch_size", config.patchSize());
        json.put("in_chans", config.inChans());
        json.put("embed_dim", config.embedDim());
        json.put("depth", config.depth());
        json.put("num_heads", config.numHeads());
        json.put("mlp_hidden_dim", config.mlpHiddenDim());
        json.put("qkv_bias", config.qkvBias());
        json.put("layer_norm_eps", config.layerNormEps());
        return json;
    }

    private static VisionTransformer load(ModelManifest manifest, Map<String, Path> files, NDManager manager)
            throws IOException {
        VisionTransformer vit = new VisionTransformer(VitConfig.fromJson(manifest.config()));
        try (NDManager reading = manager.newSubManager()) {
            vit.loadStateDict(Checkpoints.read(ModelFiles.requiredRole(manifest, files, "vit"), reading), manager);
        }
        return vit;
    }
}
