package dev.chimera.model.dino;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hyperparameters of DINO's {@code VisionTransformer}, named as in {@code vision_transformer.py}.
 *
 * @param imgSize img_size: the square training image side; the stored position embedding covers its patch grid
 * @param patchSize patch_size: side of the square patches (and stride of the patch convolution)
 * @param inChans in_chans: image channels
 * @param embedDim embed_dim: token width
 * @param depth number of blocks
 * @param numHeads attention heads per block; embed_dim must split evenly among them
 * @param mlpHiddenDim hidden width of each block's MLP, int(embed_dim · mlp_ratio)
 * @param qkvBias whether the qkv Linear has a bias
 * @param layerNormEps eps of every LayerNorm (1e-6 in DINO)
 */
public record VitConfig(int imgSize, int patchSize, int inChans, int embedDim, int depth, int numHeads,
        int mlpHiddenDim, boolean qkvBias, float layerNormEps) {

    private static final float DINO_EPS = 1e-6f;

    /** Validates that the sizes fit together. */
    public VitConfig {
        if (imgSize <= 0 || patchSize <= 0 || inChans <= 0 || embedDim <= 0 || depth <= 0 || numHeads <= 0
                || mlpHiddenDim <= 0 || !(layerNormEps > 0) || embedDim % numHeads != 0
                || imgSize % patchSize != 0) {
            throw new IllegalArgumentException("invalid ViT configuration " + this);
        }
    }

    /** DINO's ViT-S/16 ({@code dino_vits16}): 384 wide, 12 blocks, 6 heads. */
    public static VitConfig vitS16() {
        return published(16, 384, 6);
    }

    /** DINO's ViT-S/8 ({@code dino_vits8}): 384 wide, 12 blocks, 6 heads, 8-pixel patches. */
    public static VitConfig vitS8() {
        return published(8, 384, 6);
    }

    /** DINO's ViT-B/16 ({@code dino_vitb16}): 768 wide, 12 blocks, 12 heads. */
    public static VitConfig vitB16() {
        return published(16, 768, 12);
    }

    /** DINO's ViT-B/8 ({@code dino_vitb8}), Splice's feature network: 768 wide, 12 blocks, 12 heads. */
    public static VitConfig vitB8() {
        return published(8, 768, 12);
    }

    private static VitConfig published(int patch, int dim, int heads) {
        return new VitConfig(224, patch, 3, dim, 12, heads, dim * 4, true, DINO_EPS);
    }

    /**
     * Reads the reference's keyword names from a JSON object such as a golden case's {@code hyperparameters}:
     * img_size, patch_size, embed_dim, depth and num_heads are required; in_chans (3), mlp_hidden_dim or mlp_ratio
     * (4), qkv_bias (true) and layer_norm_eps (1e-6) default to DINO's values.
     */
    public static VitConfig fromJson(JsonNode json) {
        int embedDim = required(json, "embed_dim");
        int mlpHidden = json.path("mlp_hidden_dim").canConvertToInt() ? json.get("mlp_hidden_dim").intValue()
                : (int) (embedDim * json.path("mlp_ratio").asDouble(4.0));
        return new VitConfig(required(json, "img_size"), required(json, "patch_size"),
                json.path("in_chans").asInt(3), embedDim, required(json, "depth"), required(json, "num_heads"),
                mlpHidden, json.path("qkv_bias").asBoolean(true),
                (float) json.path("layer_norm_eps").asDouble(DINO_EPS));
    }

    private static int required(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("ViT hyperparameter " + key + " is missing or not an int");
        }
        return value.intValue();
    }

    /** Channels of one attention head. */
    public int headDim() {
        return embedDim / numHeads;
    }

    /** Side of the patch grid the stored position embedding covers. */
    public int posGrid() {
        return imgSize / patchSize;
    }
}
