package dev.chimera.model.sd;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.weights.Checkpoints;

/**
 * diffusers' {@code AutoencoderKL} (SD's VAE): {@code encoder}, {@code quant_conv}, {@code post_quant_conv},
 * {@code decoder}. CIA encodes images to the posterior mode × scaling_factor and decodes latents ÷ scaling_factor.
 */
public final class AutoencoderKL extends TorchModule {

    /**
     * The mid-block attention names of VAE files written before diffusers 0.14 (SD 1.5's published file among them),
     * and the names diffusers 0.19.3 renames them to at load ({@code _convert_deprecated_attention_blocks}).
     */
    public static final Map<String, String> DEPRECATED_ATTENTION_NAMES = Map.of("query", "to_q", "key", "to_k",
            "value", "to_v", "proj_attn", "to_out.0");

    private static final Pattern DEPRECATED_KEY = Pattern.compile(
            "((?:encoder|decoder)\\.mid_block\\.attentions\\.\\d+)\\.(query|key|value|proj_attn)\\.(weight|bias)");

    private final SdVaeConfig config;
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    /** The VAE of {@code config}, uninitialised. */
    public AutoencoderKL(SdVaeConfig config) {
        this.config = config;
        int latent = config.latentChannels();
        this.encoder = register("encoder", new VaeEncoder(config));
        this.decoder = register("decoder", new VaeDecoder(config));
        this.quantConv = register("quant_conv", Conv2d.builder(2 * latent, 2 * latent, 1).build());
        this.postQuantConv = register("post_quant_conv", Conv2d.builder(latent, latent, 1).build());
        Attention.namePaths(this);
    }

    /** The configuration. */
    public SdVaeConfig config() {
        return config;
    }

    /**
     * {@code stateDict} with the deprecated mid-block attention names ({@link #DEPRECATED_ATTENTION_NAMES}) renamed
     * to the current ones; other keys pass unchanged.
     */
    public static Map<String, NDArray> renameDeprecatedAttentionKeys(Map<String, NDArray> stateDict) {
        return Checkpoints.renamed(stateDict, key -> {
            Matcher m = DEPRECATED_KEY.matcher(key);
            return m.matches() ? m.group(1) + "." + DEPRECATED_ATTENTION_NAMES.get(m.group(2)) + "." + m.group(3) : key;
        });
    }

    /** Loads a published VAE file strictly, accepting the deprecated attention names. */
    public void loadPublished(Map<String, NDArray> stateDict, NDManager manager) {
        loadPublished(stateDict, manager, DataType.FLOAT32);
    }

    /** Loads a published VAE file as {@link #loadPublished(Map, NDManager)} does, in {@code floatingType}. */
    public void loadPublished(Map<String, NDArray> stateDict, NDManager manager, DataType floatingType) {
        loadStateDict(renameDeprecatedAttentionKeys(stateDict), manager, floatingType);
    }

    /** The posterior of images {@code x} [B, in, H, W] in [−1, 1]. */
    public Posterior encode(ParameterStore store, NDArray x) {
        return Posterior.of(quantConv.forward(store, encoder.forward(store, x, AttentionProcessor.PLAIN), null));
    }

    /** CIA's latents of images {@code x}: the posterior mode times scaling_factor. */
    public NDArray encodeMode(ParameterStore store, NDArray x) {
        return encode(store, x).mode().mul(config.scalingFactor());
    }

    /** {@code decode(z).sample}: the image [B, out, 8h, 8w] (about [−1, 1]) of unscaled latents {@code z}. */
    public NDArray decode(ParameterStore store, NDArray z) {
        return decoder.forward(store, postQuantConv.forward(store, z, null), AttentionProcessor.PLAIN);
    }

    /** The image of scaled latents as the pipelines return it: clamp(decode(latents / scaling)/2 + 0.5, 0, 1). */
    public NDArray decodeToUnitRange(ParameterStore store, NDArray scaledLatents) {
        return decode(store, scaledLatents.div(config.scalingFactor())).div(2f).add(0.5f).clip(0f, 1f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(decode(store, encode(store, inputs.singletonOrThrow()).mode()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return decoder.getOutputShapes(new Shape[] {latentShape(inputShapes[0])});
    }

    private Shape latentShape(Shape image) {
        Shape moments = encoder.getOutputShapes(new Shape[] {image})[0];
        return new Shape(moments.get(0), config.latentChannels(), moments.get(2), moments.get(3));
    }
}
