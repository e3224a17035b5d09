package dev.chimera.model.sd;

import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hyperparameters of diffusers' {@code UNet2DConditionModel} in SD 1.5's layout (cross-attention down blocks
 * then plain ones, UNetMidBlock2DCrossAttn, plain up blocks then cross-attention ones), named as in its config.json.
 *
 * @param inChannels in_channels
 * @param outChannels out_channels
 * @param blockOutChannels block_out_channels, one width per level
 * @param crossAttentionDown per down block whether it is a CrossAttnDownBlock2D (else DownBlock2D); the up blocks
 *     mirror it (up block i is CrossAttnUpBlock2D when down block n−1−i is cross-attention)
 * @param layersPerBlock layers_per_block: resnets per down block (up blocks have one more)
 * @param attentionHeads attention_head_dim, which diffusers 0.19.3 takes as the number of heads, per down block;
 *     the mid block uses the last entry and up block i entry n−1−i
 * @param crossAttentionDim cross_attention_dim: width of the encoder states
 * @param normNumGroups norm_num_groups
 * @param normEps norm_eps of the resnets and conv_norm_out
 * @param flipSinToCos flip_sin_to_cos: the time embedding is [cos, sin]
 * @param freqShift freq_shift of the time embedding
 * @param downsamplePadding downsample_padding of the down blocks' convolutions
 */
public record SdUnetConfig(int inChannels, int outChannels, int[] blockOutChannels, boolean[] crossAttentionDown,
        int layersPerBlock, int[] attentionHeads, int crossAttentionDim, int normNumGroups, float normEps,
        boolean flipSinToCos, int freqShift, int downsamplePadding) {

    /** Validates the sizes. */
    public SdUnetConfig {
        blockOutChannels = blockOutChannels.clone();
        crossAttentionDown = crossAttentionDown.clone();
        attentionHeads = attentionHeads.clone();
        int n = blockOutChannels.length;
        if (n == 0 || crossAttentionDown.length != n || attentionHeads.length != n || layersPerBlock <= 0
                || inChannels <= 0 || outChannels <= 0 || crossAttentionDim <= 0 || normNumGroups <= 0) {
            throw new IllegalArgumentException("invalid UNet configuration");
        }
        for (int i = 0; i < n; i++) {
            if (blockOutChannels[i] % normNumGroups != 0 || attentionHeads[i] <= 0
                    || blockOutChannels[i] % attentionHeads[i] != 0) {
                throw new IllegalArgumentException("UNet level " + i + ": width " + blockOutChannels[i]
                        + " does not fit " + normNumGroups + " groups and " + attentionHeads[i] + " heads");
            }
        }
    }

    /** SD 1.5's published UNet: 320/640/1280/1280, 2 layers per block, 8 heads, cross-attention 768, 32 groups. */
    public static SdUnetConfig sd15() {
        return new SdUnetConfig(4, 4, new int[] {320, 640, 1280, 1280}, new boolean[] {true, true, true, false}, 2,
                new int[] {8, 8, 8, 8}, 768, 32, 1e-5f, true, 0, 1);
    }

    /**
     * Reads diffusers' config.json keys (the unet/config.json of a published model, or a golden case's
     * {@code unet_config}); settings outside SD 1.5's design are refused rather than ignored.
     */
    public static SdUnetConfig fromJson(JsonNode json) {
        int[] widths = ints(json.path("block_out_channels"));
        int n = widths.length;
        boolean[] crossDown = new boolean[n];
        List<String> down = texts(json.path("down_block_types"));
        List<String> up = texts(json.path("up_block_types"));
        if (down.size() != n || up.size() != n) {
            throw new IllegalArgumentException("the UNet lists " + down.size() + " down and " + up.size()
                    + " up blocks for " + n + " widths");
        }
        for (int i = 0; i < n; i++) {
            crossDown[i] = switch (down.get(i)) {
                case "CrossAttnDownBlock2D" -> true;
                case "DownBlock2D" -> false;
                default -> throw new IllegalArgumentException("unsupported down block " + down.get(i));
            };
        }
        for (int i = 0; i < n; i++) {
            String expectedUp = crossDown[n - 1 - i] ? "CrossAttnUpBlock2D" : "UpBlock2D";
            if (!up.get(i).equals(expectedUp)) {
                throw new IllegalArgumentException("up block " + i + " must be " + expectedUp + ", got " + up.get(i));
            }
        }
        requireText(json, "mid_block_type", "UNetMidBlock2DCrossAttn");
        requireText(json, "act_fn", "silu");
        requireText(json, "resnet_time_scale_shift", "default");
        for (String off : new String[] {"use_linear_projection", "upcast_attention", "dual_cross_attention",
                "center_input_sample", "only_cross_attention"}) {
            if (json.path(off).asBoolean(false)) {
                throw new IllegalArgumentException("unsupported UNet setting " + off + " = true");
            }
        }
        if (json.path("mid_block_scale_factor").asDouble(1) != 1) {
            throw new IllegalArgumentException("unsupported mid_block_scale_factor");
        }
        JsonNode headsNode = json.has("num_attention_heads") && !json.get("num_attention_heads").isNull()
                ? json.get("num_attention_heads") : json.path("attention_head_dim");
        int[] heads = new int[n];
        if (headsNode.isArray()) {
            heads = ints(headsNode);
        } else {
            Arrays.fill(heads, headsNode.asInt(8));
        }
        return new SdUnetConfig(json.path("in_channels").asInt(4), json.path("out_channels").asInt(4), widths,
                crossDown, json.path("layers_per_block").asInt(2), heads,
                json.path("cross_attention_dim").asInt(768), json.path("norm_num_groups").asInt(32),
                (float) json.path("norm_eps").asDouble(1e-5), json.path("flip_sin_to_cos").asBoolean(true),
                json.path("freq_shift").asInt(0), json.path("downsample_padding").asInt(1));
    }

    private static void requireText(JsonNode json, String key, String expected) {
        if (json.has(key) && !json.get(key).asText().equals(expected)) {
            throw new IllegalArgumentException("unsupported UNet " + key + " " + json.get(key).asText());
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The number of levels. */
    public int levels() {
        return blockOutChannels.length;
    }

    /** Width of the time embedding MLP: block_out_channels[0] · 4. */
    public int timeEmbedDim() {
        return blockOutChannels[0] * 4;
    }

    @Override
    public int[] blockOutChannels() {
        return blockOutChannels.clone();
    }

    @Override
    public boolean[] crossAttentionDown() {
        return crossAttentionDown.clone();
    }

    @Override
    public int[] attentionHeads() {
        return attentionHeads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdUnetConfig c && Arrays.equals(blockOutChannels, c.blockOutChannels)
                && Arrays.equals(crossAttentionDown, c.crossAttentionDown)
                && Arrays.equals(attentionHeads, c.attentionHeads) && inChannels == c.inChannels
                && outChannels == c.outChannels && layersPerBlock == c.layersPerBlock
                && crossAttentionDim == c.crossAttentionDim && normNumGroups == c.normNumGroups
                && normEps == c.normEps && flipSinToCos == c.flipSinToCos && freqShift == c.freqShift
                && downsamplePadding == c.downsamplePadding;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockOutChannels) * 31 + Arrays.hashCode(attentionHeads);
    }

    @Override
    public String toString() {
        return "SdUnetConfig" + Arrays.toString(blockOutChannels) + " cross " + Arrays.toString(crossAttentionDown)
                + " heads " + Arrays.toString(attentionHeads) + " layers " + layersPerBlock + " context "
                + crossAttentionDim + " groups " + normNumGroups;
    }
}
