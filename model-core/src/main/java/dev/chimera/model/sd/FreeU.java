package dev.chimera.model.sd;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * FreeU as CIA's {@code FreeUUNet2DConditionModel} applies it to the input of every up block: each rule whose channel
 * count matches the current sample, checked in order, scales the first half of the channels (the backbone) and then
 * runs the {@link FourierFilter} over the whole sample.
 *
 * @param rules the rules in the order they are checked
 */
public record FreeU(List<Rule> rules) {

    /**
     * One rule.
     *
     * @param channels the sample width it applies to
     * @param backboneScale factor of the first channels/2 channels
     * @param filterScale the Fourier filter's scale of the lowest frequencies
     */
    public record Rule(int channels, float backboneScale, float filterScale) {
    }

    /** Copies the rules. */
    public FreeU {
        rules = List.copyOf(rules);
    }

    /**
     * CIA's literals for SD 1.5 (1280 channels: ×1.2 and filter 0.9; 640 channels: ×1.4 and filter 0.2) read from the
     * widths: 1280 is block_out_channels[−1] and 640 is block_out_channels[1].
     */
    public static FreeU cia(SdUnetConfig config) {
        int[] widths = config.blockOutChannels();
        return new FreeU(List.of(new Rule(widths[widths.length - 1], 1.2f, 0.9f),
                new Rule(widths[Math.min(1, widths.length - 1)], 1.4f, 0.2f)));
    }

    /** The up block input after the matching rules. */
    public NDArray apply(NDArray sample) {
        long channels = sample.getShape().get(1);
        if (rules.stream().noneMatch(rule -> rule.channels() == channels)) {
            return sample;
        }
        return BlockScope.run(sample, this::applyRules);
    }

    private NDArray applyRules(NDArray sample) {
        NDArray out = sample;
        for (Rule rule : rules) {
            long channels = out.getShape().get(1);
            if (channels == rule.channels()) {
                long half = channels / 2;
                NDArray backbone = out.get(":, :{}", half).mul(rule.backboneScale());
                out = NDArrays.concat(new NDList(backbone, out.get(":, {}:", half)), 1);
                out = FourierFilter.apply(out, rule.filterScale());
            }
        }
        return out;
    }
}
