package dev.chimera.model.sd;

import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hyperparameters of diffusers' {@code AutoencoderKL} with DownEncoderBlock2D/UpDecoderBlock2D blocks, named as
 * in its config.json.
 *
 * @param inChannels in_channels: image channels
 * @param outChannels out_channels: decoded image channels
 * @param blockOutChannels block_out_channels: the encoder's widths per level (the decoder's reversed)
 * @param layersPerBlock layers_per_block: encoder resnets per level (the decoder has one more)
 * @param normNumGroups norm_num_groups: groups of every GroupNorm
 * @param latentChannels latent_channels
 * @param scalingFactor scaling_factor: latents = posterior mode · this
 */
public record SdVaeConfig(int inChannels, int outChannels, int[] blockOutChannels, int layersPerBlock,
        int normNumGroups, int latentChannels, float scalingFactor) {

    /** The eps of every GroupNorm of the VAE. */
    public static final float NORM_EPS = 1e-6f;

    /** Validates the sizes. */
    public SdVaeConfig {
        blockOutChannels = blockOutChannels.clone();
        if (inChannels <= 0 || outChannels <= 0 || blockOutChannels.length == 0 || layersPerBlock <= 0
                || normNumGroups <= 0 || latentChannels <= 0 || !(scalingFactor > 0)
                || Arrays.stream(blockOutChannels).anyMatch(c -> c <= 0 || c % normNumGroups != 0)) {
            throw new IllegalArgumentException("invalid VAE configuration " + Arrays.toString(blockOutChannels)
                    + ", groups " + normNumGroups);
        }
    }

    /** SD 1.5's published VAE: 128/256/512/512, 2 resnets per level, 32 groups, 4 latent channels. */
    public static SdVaeConfig sd15() {
        return new SdVaeConfig(3, 3, new int[] {128, 256, 512, 512}, 2, 32, 4, 0.18215f);
    }

    /** Reads diffusers' config.json keys; only the DownEncoderBlock2D/UpDecoderBlock2D layout with SiLU is accepted. */
    public static SdVaeConfig fromJson(JsonNode json) {
        int levels = json.path("block_out_channels").size();
        for (String key : new String[] {"down_block_types", "up_block_types"}) {
            JsonNode types = json.path(key);
            String expected = key.startsWith("down") ? "DownEncoderBlock2D" : "UpDecoderBlock2D";
            for (JsonNode t : types) {
                if (!t.asText().equals(expected)) {
                    throw new IllegalArgumentException("unsupported VAE block " + t.asText());
                }
            }
            if (types.size() != levels) {
                throw new IllegalArgumentException(key + " must list " + levels + " blocks");
            }
        }
        if (!json.path("act_fn").asText("silu").equals("silu")) {
            throw new IllegalArgumentException("unsupported VAE activation " + json.path("act_fn").asText());
        }
        return new SdVaeConfig(json.path("in_channels").asInt(3), json.path("out_channels").asInt(3),
                SdUnetConfig.ints(json.path("block_out_channels")), json.path("layers_per_block").asInt(1),
                json.path("norm_num_groups").asInt(32), json.path("latent_channels").asInt(4),
                (float) json.path("scaling_factor").asDouble(0.18215));
    }

    @Override
    public int[] blockOutChannels() {
        return blockOutChannels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdVaeConfig c && inChannels == c.inChannels && outChannels == c.outChannels
                && Arrays.equals(blockOutChannels, c.blockOutChannels) && layersPerBlock == c.layersPerBlock
                && normNumGroups == c.normNumGroups && latentChannels == c.latentChannels
                && scalingFactor == c.scalingFactor;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockOutChannels) * 31 + layersPerBlock;
    }

    @Override
    public String toString() {
        return "SdVaeConfig" + Arrays.toString(blockOutChannels) + " layers " + layersPerBlock + " groups "
                + normNumGroups + " latent " + latentChannels;
    }
}
