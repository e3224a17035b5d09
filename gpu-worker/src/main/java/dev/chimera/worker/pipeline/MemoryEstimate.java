package dev.chimera.worker.pipeline;

import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.dino.VitConfig;
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
}
