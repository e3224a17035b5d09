package dev.chimera.model.splice;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hyperparameters of the skip U-Net ({@code models/unet/skip.py}) that Splice trains, named as its arguments.
 *
 * @param inputChannels num_input_channels
 * @param outputChannels num_output_channels
 * @param channelsDown num_channels_down, one entry per scale
 * @param channelsUp num_channels_up, one entry per scale
 * @param channelsSkip num_channels_skip, one entry per scale (0: no skip branch at that scale)
 * @param filterSizeDown filter_size_down per scale
 * @param filterSizeUp filter_size_up per scale
 * @param filterSkipSize filter_skip_size
 * @param needSigmoid need_sigmoid: a Sigmoid after the last convolution
 * @param needTanh need_tanh: a Tanh after the last convolution
 * @param needBias need_bias: every convolution has a bias
 * @param reflectionPad pad 'reflection' instead of 'zero'
 * @param upsampleMode upsample_mode, "bilinear" or "nearest"
 * @param leakyReluSlope the slope of act_fun LeakyReLU
 * @param need1x1Up need1x1_up: a 1×1 convolution, BatchNorm and activation at the end of every scale
 * @param batchNormEps eps of every BatchNorm2d
 * @param batchNormMomentum momentum of every BatchNorm2d
 */
public record SkipConfig(int inputChannels, int outputChannels, List<Integer> channelsDown,
        List<Integer> channelsUp, List<Integer> channelsSkip, List<Integer> filterSizeDown,
        List<Integer> filterSizeUp, int filterSkipSize, boolean needSigmoid, boolean needTanh, boolean needBias,
        boolean reflectionPad, String upsampleMode, float leakyReluSlope, boolean need1x1Up, float batchNormEps,
        float batchNormMomentum) {

    /** Validates that every scale has its widths and filter sizes. */
    public SkipConfig {
        channelsDown = List.copyOf(channelsDown);
        channelsUp = List.copyOf(channelsUp);
        channelsSkip = List.copyOf(channelsSkip);
        filterSizeDown = List.copyOf(filterSizeDown);
        filterSizeUp = List.copyOf(filterSizeUp);
        int scales = channelsDown.size();
        if (scales == 0 || channelsUp.size() != scales || channelsSkip.size() != scales
                || filterSizeDown.size() != scales || filterSizeUp.size() != scales) {
            throw new IllegalArgumentException("skip U-Net needs one width and filter size per scale: " + channelsDown
                    + ", " + channelsUp + ", " + channelsSkip + ", " + filterSizeDown + ", " + filterSizeUp);
        }
        if (!upsampleMode.equals("bilinear") && !upsampleMode.equals("nearest")) {
            throw new IllegalArgumentException("unsupported upsample_mode " + upsampleMode);
        }
    }

    /** Splice's generator: 5 scales, down = up = [16, 32, 64, 128, 128], skip = [4]·5, 3×3 filters, bilinear. */
    public static SkipConfig splice() {
        List<Integer> widths = List.of(16, 32, 64, 128, 128);
        List<Integer> threes = List.of(3, 3, 3, 3, 3);
        return new SkipConfig(3, 3, widths, widths, List.of(4, 4, 4, 4, 4), threes, threes, 1, true, false, true,
                false, "bilinear", 0.2f, true, 1e-5f, 0.1f);
    }

    /** Reads skip()'s argument names from a JSON object such as a golden case's {@code hyperparameters.generator}. */
    public static SkipConfig fromJson(JsonNode json) {
        List<Integer> down = ints(json, "num_channels_down", 0);
        int scales = down.size();
        String pad = json.path("pad").asText("zero");
        if (!pad.equals("zero") && !pad.equals("reflection")) {
            throw new IllegalArgumentException("unsupported pad " + pad);
        }
        String downsample = json.path("downsample_mode").asText("stride");
        if (!downsample.equals("stride")) {
            throw new IllegalArgumentException("unsupported downsample_mode " + downsample);
        }
        JsonNode bn = json.path("batchnorm");
        return new SkipConfig(json.path("num_input_channels").asInt(3), json.path("num_output_channels").asInt(3),
                down, ints(json, "num_channels_up", 0), ints(json, "num_channels_skip", 0),
                ints(json, "filter_size_down", scales), ints(json, "filter_size_up", scales),
                json.path("filter_skip_size").asInt(1), json.path("need_sigmoid").asBoolean(true),
                json.path("need_tanh").asBoolean(false), json.path("need_bias").asBoolean(true),
                pad.equals("reflection"), json.path("upsample_mode").asText("bilinear"),
                leakyReluSlope(json.path("act_fun").asText("LeakyReLU")), json.path("need1x1_up").asBoolean(true),
                (float) bn.path("eps").asDouble(1e-5), (float) bn.path("momentum").asDouble(0.1));
    }

    /** A list of ints, or one int repeated {@code repeat} times (skip() accepts both for filter sizes). */
    private static List<Integer> ints(JsonNode json, String key, int repeat) {
        JsonNode value = json.get(key);
        List<Integer> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(v -> out.add(v.intValue()));
        } else if (value != null && value.canConvertToInt() && repeat > 0) {
            for (int i = 0; i < repeat; i++) {
                out.add(value.intValue());
            }
        } else if (value == null && repeat > 0) {
            for (int i = 0; i < repeat; i++) {
                out.add(3);
            }
        } else {
            throw new IllegalArgumentException("skip U-Net hyperparameter " + key + " is missing or not a list");
        }
        return out;
    }

    private static float leakyReluSlope(String actFun) {
        if (actFun.equals("LeakyReLU")) {
            return 0.2f;
        }
        if (actFun.startsWith("LeakyReLU(") && actFun.endsWith(")")) {
            return Float.parseFloat(actFun.substring("LeakyReLU(".length(), actFun.length() - 1));
        }
        throw new IllegalArgumentException("unsupported act_fun " + actFun);
    }

    /** The number of scales. */
    /**
     * The shortest image side the generator trains on: each scale halves the picture (a stride-2 convolution,
     * rounding up), and the deepest BatchNorm, in training mode on a batch of one, needs more than one value per
     * channel, so the deepest map must be at least 2×2: 2^scales + 1 pixels (33 for Splice's five scales).
     */
    public int minimumSide() {
        return (1 << scales()) + 1;
    }

    public int scales() {
        return channelsDown.size();
    }
}
