package dev.chimera.worker.pipeline;

import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.sd.ScaledDotProductAttention;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.splice.SkipConfig;

/**
 * The peak memory of a job's tensors, estimated per method from its parameters, its input sizes (from their headers)
 * and its network's configuration, for the {@link MemoryBudget} check. The estimates count the largest float32
 * tensors a run keeps alive at once and round up; they are meant to refuse what cannot fit, not to predict exactly.
 */
final class MemoryEstimate {

    private static final long FLOAT = 4;
    /** Decoding one picture holds its raster (4 bytes a pixel), its float samples and their tensor (12 each). */
    private static final long PICTURE_BYTES_PER_PIXEL = 4 + 3 * FLOAT + 3 * FLOAT;
    /** Decoding a label map holds its raster and samples (4 bytes each a pixel), then int64 classes twice. */
    private static final long LABEL_MAP_BYTES_PER_PIXEL = 4 + 4 + 8 + 8;
    /** A training step keeps each convolution's output three times (convolution, BatchNorm, activation). */
    private static final long KEPT_PER_CONVOLUTION = 3;
    /** Splice's losses differentiate two ViT passes per step: the output's structure crop and appearance crop. */
    private static final long SPLICE_VIT_PASSES = 2;
    /** Token-wide tensors a ViT block keeps for the backward pass besides its attention (qkv, norms, MLP, sums). */
    private static final long VIT_TOKEN_TENSORS_PER_BLOCK = 12;
    /** Convolution outputs per resolution level of a Crossbreed encoder or decoder (two residual convolutions,
     * the resampling convolution, normalisation). */
    private static final long CROSSBREED_TENSORS_PER_LEVEL = 4;
    /** Crossbreed passes per basic frame: both contents, both styles, the decoder. */
    private static final long CROSSBREED_PASSES_PER_FRAME = 5;
    /** SPADE blocks keep per pixel the label map, the shared hidden features, γ, β and the normalised input. */
    private static final long SPADE_TENSORS = 4;

    /** CIA's shortcut path runs the UNet on [output swapped, appearance, structure, output unswapped]. */
    private static final long CIA_UNET_BATCH = 4;
    /**
     * What one Transformer2D block holds until it returns, in its widths × tokens: GroupNorm, proj_in, the token
     * transpose, norm1, attn1, residual, norm2, attn2, residual, norm3 (10); GEGLU's projection (8), GELU (4) and
     * product (4); the feed-forward output and residual (2); the back-transpose, proj_out and residual (3); inside the
     * attention: q, k, v and their head-split copies (6), the chunks' output, its concatenation, its transpose and
     * to_out (4).
     */
    private static final long TRANSFORMER_SCOPE_TENSORS = 41;
    /** The tensors of one chunk of attention probabilities alive at once: the scores, scaled, softmax, edited. */
    private static final long ATTENTION_CHUNK_TENSORS = 4;
    /** What a VAE decoder level keeps per pixel in its widths: its resnets' outputs and the upsampling (L + 2). */
    private static final long VAE_HELD_EXTRA = 2;
    /** One VAE resnet's intermediates in its widths: two GroupNorms, two SiLUs, two convolutions, the residual. */
    private static final long VAE_RESNET_SCOPE_TENSORS = 7;

    private MemoryEstimate() {
    }

    /** Decoding a picture of {@code size}. */
    static long decodedPicture(PixelSize size) {
        return size.pixels() * PICTURE_BYTES_PER_PIXEL;
    }

    /** Decoding a label map of {@code size}. */
    static long decodedLabelMap(PixelSize size) {
        return size.pixels() * LABEL_MAP_BYTES_PER_PIXEL;
    }

    /**
     * One Splice training step on a {@code size} picture (after {@code maxImageSide}): the skip U-Net's activations
     * for the structure crop and the appearance crop, and the DINO ViT's for the two passes the losses
     * differentiate. The ViT sees each crop resized to a short side of its own image size, so a long thin picture
     * gives many tokens, and its attention grows with their square: per block, heads × tokens² probabilities.
     */
    static long spliceTraining(SkipConfig generator, VitConfig vit, PixelSize size) {
        long generatorBytes = 2 * skipActivationsPerPixel(generator) * size.pixels() * FLOAT;
        long patchesShort = vit.imgSize() / vit.patchSize();
        long patchesLong = Math.max(patchesShort, vit.imgSize() * size.longer() / size.shorter() / vit.patchSize());
        long tokens = patchesShort * patchesLong + 1;
        long perBlock = vit.numHeads() * tokens * tokens + VIT_TOKEN_TENSORS_PER_BLOCK * vit.embedDim() * tokens;
        long vitBytes = SPLICE_VIT_PASSES * vit.depth() * perBlock * FLOAT;
        return generatorBytes + vitBytes;
    }

    /**
     * Channels the skip U-Net keeps per pixel of its input over all its scales: at scale s (1/2^s of the side) two
     * down convolutions, the skip branch, the up convolution and its 1×1 convolution, each kept
     * {@value #KEPT_PER_CONVOLUTION} times.
     */
    private static long skipActivationsPerPixel(SkipConfig config) {
        long channels = 0;
        for (int s = 0; s < config.channelsDown().size(); s++) {
            long atScale = 2L * config.channelsDown().get(s) + config.channelsSkip().get(s)
                    + 2L * config.channelsUp().get(s);
            channels += KEPT_PER_CONVOLUTION * atScale / (1L << (2 * s)) + 1;
        }
        return channels;
    }

    /**
     * clVAE sampling: every sample's SPADE activations at the network's size stay on the job's arrays until the job
     * ends. Each upsampling halves the channels and doubles the side, so the full-size level dominates and all levels
     * together stay under twice it.
     */
    static long clvaeSampling(ClvaeConfig config, int samples, boolean styleGuided) {
        long height = Math.round(config.cropSize() / config.aspectRatio());
        long pixels = height * config.cropSize();
        long perPixel = 2 * (config.semanticNc() + SPADE_TENSORS * config.spadeHidden() + 4L * config.ngf());
        long style = styleGuided ? (long) config.encoderInputSize() * config.encoderInputSize() * 2
                * config.encoderNgf() * FLOAT : 0;
        return samples * pixels * perPixel * FLOAT + style;
    }

    /**
     * Neural Crossbreed: every basic frame's passes stay on the job's arrays until the job ends, and the
     * disentangled grid encodes both images once and decodes its gridSize² cells as one batch. A pass at the
     * network's side S keeps at each of its levels n_f·2^k channels at (S/2^k)², so all levels together stay under
     * twice the full-size one.
     */
    static long crossbreedMorph(CrossbreedConfig config, int frames, boolean disentangled, int gridSize) {
        long side = config.imgSize();
        long pass = 2 * CROSSBREED_TENSORS_PER_LEVEL * config.nF() * side * side * FLOAT;
        long basic = frames * CROSSBREED_PASSES_PER_FRAME * pass;
        long grid = disentangled ? ((long) gridSize * gridSize + CROSSBREED_PASSES_PER_FRAME - 1) * pass : 0;
        return basic + grid;
    }

    /**
     * A Cross-Image Attention job at {@code pictureSide}² pictures: the networks' {@code weightParameters} and, at
     * the larger of the two peaks, the shortcut path's batch-4 UNet pass at the latent size or the decode of the
     * output picture, plus both inversions ({@code inversionSteps} noise maps each). The UNet pass keeps every
     * block's output until it returns ({@link #unetHeldPerLevel}) and at its peak one Transformer2D's intermediates
     * at the widest cross-attention level, with one chunk of attention probabilities; all in elements of
     * {@code bytesPerElement} (4 in float32, 2 in float16).
     */
    static long crossImageAttention(SdUnetConfig unet, SdVaeConfig vae, long weightParameters, int pictureSide,
            int inversionSteps, int bytesPerElement) {
        int vaeLevels = vae.blockOutChannels().length;
        long latentSide = pictureSide >> (vaeLevels - 1);
        long latentPixels = latentSide * latentSide;
        long unetPass = CIA_UNET_BATCH * unetElementsPerSample(unet, latentSide)
                + ATTENTION_CHUNK_TENSORS * ScaledDotProductAttention.CHUNK_ELEMENTS;
        long decode = vaeDecodeElements(vae, pictureSide);
        long inversions = 2L * (inversionSteps + 1) * unet.inChannels() * latentPixels;
        return (weightParameters + Math.max(unetPass, decode) + inversions) * bytesPerElement;
    }

    /** One sample's UNet pass at a {@code latentSide}² latent, in elements. */
    static long unetElementsPerSample(SdUnetConfig config, long latentSide) {
        int[] widths = config.blockOutChannels();
        boolean[] cross = config.crossAttentionDown();
        long held = 0;
        long widestTransformer = 0;
        for (int level = 0; level < widths.length; level++) {
            long side = Math.max(1, latentSide >> level);
            long tensor = widths[level] * side * side;
            held += unetHeldPerLevel(config) * tensor;
            if (cross[level]) {
                widestTransformer = Math.max(widestTransformer, TRANSFORMER_SCOPE_TENSORS * tensor);
            }
        }
        return held + widestTransformer;
    }

    /** Decoding one latent into a {@code pictureSide}² picture, in elements: the largest decoder level's tensors. */
    private static long vaeDecodeElements(SdVaeConfig config, int pictureSide) {
        int[] widths = config.blockOutChannels();
        long largest = 0;
        for (int level = 0; level < widths.length; level++) {
            long side = Math.max(1, (long) pictureSide >> level);
            long tensor = widths[level] * side * side;
            largest = Math.max(largest, (config.layersPerBlock() + VAE_HELD_EXTRA + VAE_RESNET_SCOPE_TENSORS) * tensor);
        }
        return largest;
    }

    /**
     * Block outputs a UNet forward keeps per level until it returns, in widths × tokens of that level: the down
     * block's resnet and transformer outputs (2 per layer), and per up-block layer the skip concatenation (2), the
     * resnet's and the transformer's outputs (1 each), plus the level's down- or upsampling.
     */
    private static long unetHeldPerLevel(SdUnetConfig config) {
        return 2L * config.layersPerBlock() + 4L * (config.layersPerBlock() + 1) + 1;
    }
}
