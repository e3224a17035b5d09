package dev.chimera.model.cia;

/**
 * When CIA's cross-image attention acts, by the model's step counter and the layer's token count (its RunConfig):
 * 32×32-token layers swap for {@code start32 ≤ step < end32}, 64×64-token layers for {@code start64 ≤ step < end64},
 * and the output's attention is contrasted by {@code contrastStrength}.
 *
 * @param start32 cross_attn_32_range.start
 * @param end32 cross_attn_32_range.end
 * @param start64 cross_attn_64_range.start
 * @param end64 cross_attn_64_range.end
 * @param contrastStrength contrast_strength
 */
public record SwapSchedule(int start32, int end32, int start64, int end64, float contrastStrength) {

    /** CIA's RunConfig defaults: 32² layers in [10, 70), 64² layers in [10, 90), contrast 1.67. */
    public static SwapSchedule defaults() {
        return new SwapSchedule(10, 70, 10, 90, 1.67f);
    }

    /** Whether a self-attention layer of {@code tokens} query tokens swaps at {@code step}. */
    public boolean swaps(long tokens, int step) {
        return tokens == 32L * 32 && start32 <= step && step < end32
                || tokens == 64L * 64 && start64 <= step && step < end64;
    }

    /** CIA's fixed rule: the structure's keys and values at steps divisible by 5 below 40, else the appearance's. */
    public static boolean structureStep(int step) {
        return step % 5 == 0 && step < 40;
    }
}
