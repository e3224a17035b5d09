package dev.chimera.model.crossbreed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Neural Crossbreed generator's hyperparameters, named as in the reference {@code config.yaml} ({@code img_size}
 * and the {@code gen:} section).
 *
 * @param imgSize img_size: the square image side the network was trained on
 * @param nF n_f: channels after the first 7×7 convolution of both encoders
 * @param nContDown n_cont_down: content encoder downsamplings, and decoder upsamplings
 * @param nContResBlks n_cont_res_blks: residual blocks at the content code's resolution, in encoder and decoder each
 * @param nStyleDown n_style_down: style encoder downsamplings
 * @param nStyleResBlks n_style_res_blks: residual blocks after the style encoder's downsamplings
 * @param nMlpF n_mlp_f: width of the MLP that maps the style code to AdaIN parameters
 * @param nMlpBlks n_mlp_blks: hidden n_mlp_f × n_mlp_f layers of that MLP
 */
public record CrossbreedConfig(int imgSize, int nF, int nContDown, int nContResBlks, int nStyleDown,
        int nStyleResBlks, int nMlpF, int nMlpBlks) {

    /** Validates that every size is usable. */
    public CrossbreedConfig {
        if (imgSize <= 0 || nF <= 0 || nMlpF <= 0 || nContDown < 0 || nContResBlks < 0 || nStyleDown < 0
                || nStyleResBlks < 0 || nMlpBlks < 0) {
            throw new IllegalArgumentException("invalid Neural Crossbreed configuration " + this);
        }
    }

    /** The published dogs model: {@code config.yaml} of sanghunpark/neural_crossbreed (128², n_f 32, MLP 512×3). */
    public static CrossbreedConfig published() {
        return new CrossbreedConfig(128, 32, 3, 3, 6, 0, 512, 3);
    }

    /** Reads the reference key names from a JSON object such as a golden case's {@code hyperparameters}. */
    public static CrossbreedConfig fromJson(JsonNode hyperparameters) {
        return new CrossbreedConfig(
                required(hyperparameters, "img_size"),
                required(hyperparameters, "n_f"),
                required(hyperparameters, "n_cont_down"),
                required(hyperparameters, "n_cont_res_blks"),
                required(hyperparameters, "n_style_down"),
                required(hyperparameters, "n_style_res_blks"),
                required(hyperparameters, "n_mlp_f"),
                required(hyperparameters, "n_mlp_blks"));
    }

    private static int required(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("Neural Crossbreed hyperparameter " + key + " is missing or not an int");
        }
        return value.intValue();
    }

    /** Channels of the content code: n_f · 2^n_cont_down. */
    public int contentChannels() {
        return nF << nContDown;
    }

    /** Channels of the style code: n_f · 2^n_style_down. */
    public int styleChannels() {
        return nF << nStyleDown;
    }

    /**
     * The MLP's input width as the reference computes it: the style channels, multiplied by the area of the
     * style map when the style encoder has residual blocks (a quirk kept so such checkpoints load by shape).
     */
    public int mlpInput() {
        if (nStyleResBlks == 0) {
            return styleChannels();
        }
        double size = imgSize / Math.pow(2, nStyleDown);
        return (int) (styleChannels() * size * size);
    }
}
