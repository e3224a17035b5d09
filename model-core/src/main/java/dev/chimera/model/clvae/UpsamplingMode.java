package dev.chimera.model.clvae;

import java.util.Arrays;

/** The reference's {@code num_upsampling_layers}: how many nearest ×2 steps lead from fc's map to the image. */
public enum UpsamplingMode {
    /** Five upsamplings: head_0, G_middle_0 + G_middle_1, up_0 … up_3. */
    NORMAL("normal", 5),
    /** Six: adds an upsampling between G_middle_0 and G_middle_1. */
    MORE("more", 6),
    /** Seven: as 'more', plus an upsampling and the block up_4 (ngf → ngf/2) at the end. */
    MOST("most", 7);

    private final String optionName;
    private final int layers;

    UpsamplingMode(String optionName, int layers) {
        this.optionName = optionName;
        this.layers = layers;
    }

    /** The value as the reference's command line spells it. */
    public String optionName() {
        return optionName;
    }

    /** Number of ×2 upsamplings. */
    public int layers() {
        return layers;
    }

    /** Parses the reference's spelling. */
    public static UpsamplingMode of(String optionName) {
        return Arrays.stream(values()).filter(m -> m.optionName.equals(optionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("num_upsampling_layers " + optionName
                        + " is not one of normal, more, most"));
    }
}
