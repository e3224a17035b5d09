package dev.chimera.model.clvae;

/**
 * The options of a Diversifying SMIS model, named after the reference's command-line options.
 *
 * @param semanticNc channels of the one-hot label map ({@code label_nc} + dontcare + instance)
 * @param zDim width of the global code fed to {@code fc}
 * @param zDimLocal width of each per-class, per-layer code (and of the label embedding)
 * @param ngf base channel count of the generator
 * @param spadeHidden hidden width of every SPADE's shared convolution (hard-coded 128 in the reference)
 * @param upsampling {@code num_upsampling_layers}
 * @param cropSize output width
 * @param aspectRatio width / height
 * @param encoderNgf base channel count of the style encoder (the reference uses {@code ngf})
 * @param encoderInputSize side the style encoder resizes its input to (256 in the reference)
 * @param encoderLayer6 whether the encoder has {@code layer6} (the reference adds it when its crop size is ≥ 256)
 */
public record ClvaeConfig(int semanticNc, int zDim, int zDimLocal, int ngf, int spadeHidden,
        UpsamplingMode upsampling, int cropSize, double aspectRatio, int encoderNgf, int encoderInputSize,
        boolean encoderLayer6) {

    /** Layers with their own per-class code: the label maps at 1/2 … 1/32 of the input. */
    public static final int LATENT_LAYERS = 5;

    /** Validates that every size the network derives is positive. */
    public ClvaeConfig {
        if (semanticNc < 1 || zDim < 1 || zDimLocal < 1 || ngf < 1 || spadeHidden < 1 || encoderNgf < 1) {
            throw new IllegalArgumentException("every width must be positive: " + this);
        }
        if (upsampling == UpsamplingMode.MOST && ngf < 2) {
            throw new IllegalArgumentException("'most' upsampling halves ngf, which needs ngf >= 2");
        }
        int start = cropSize >> upsampling.layers();
        if (start < 1 || Math.rint(start / aspectRatio) < 1) {
            throw new IllegalArgumentException("crop size " + cropSize + " is too small for " + upsampling.optionName()
                    + " upsampling at aspect ratio " + aspectRatio);
        }
        if (encoderInputSize >> encoderLayers() < 1) {
            throw new IllegalArgumentException("encoder input " + encoderInputSize + " vanishes after "
                    + encoderLayers() + " stride-2 layers");
        }
    }

    /** The released ADE20K model: 150 classes plus dontcare, 256², 'normal'. */
    public static ClvaeConfig ade20k() {
        return new ClvaeConfig(151, 256, 151, 64, 128, UpsamplingMode.NORMAL, 256, 1.0, 64, 256, true);
    }

    /** The released DeepFashion model: 16 classes, ngf 160, 256², 'more'. */
    public static ClvaeConfig deepFashion() {
        return new ClvaeConfig(16, 256, 16, 160, 128, UpsamplingMode.MORE, 256, 1.0, 160, 256, true);
    }

    /** Width of the map {@code fc} starts from: {@code crop_size // 2^layers}. */
    public int startWidth() {
        return cropSize >> upsampling.layers();
    }

    /** Height of the map {@code fc} starts from: Python's {@code round(sw / aspect_ratio)}, halves to even. */
    public int startHeight() {
        return (int) Math.rint(startWidth() / aspectRatio);
    }

    /** Output height: the start height doubled once per upsampling layer. */
    public int imageHeight() {
        return startHeight() << upsampling.layers();
    }

    /** Output width. */
    public int imageWidth() {
        return startWidth() << upsampling.layers();
    }

    /** Number of stride-2 convolutions in the style encoder. */
    public int encoderLayers() {
        return encoderLayer6 ? 6 : 5;
    }

    /** Side of the encoder's last map, flattened into {@code fc_mu} (4 in every released model). */
    public int encoderFinalSide() {
        return encoderInputSize >> encoderLayers();
    }
}
