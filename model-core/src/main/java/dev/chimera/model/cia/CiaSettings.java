package dev.chimera.model.cia;

import java.util.Objects;

/**
 * Every knob of a Cross-Image Attention job (MODELS.md §2, the contract's {@code CrossImageAttentionParams}) plus the
 * seed, the sampler path and the preview interval. The reference's values are {@link #reference(String, long)}.
 *
 * @param domain the noun both images show; the prompt is "A photo of a {domain}"
 * @param inversionSteps DDIM steps of the schedule (inversion and transfer)
 * @param skipSteps steps skipped before the transfer starts
 * @param inversionGuidanceScale classifier-free guidance of the inversion against the empty prompt
 * @param swapGuidanceScale the swap guidance at the first iteration, decaying linearly to max(g/2, 1)
 * @param contrastStrength the attention contrast of the swapped maps
 * @param maskedAdain whether AdaIN only touches the object (masks from self-segmentation)
 * @param swapSteps64 model steps in which layers of 64² tokens swap
 * @param swapSteps32 model steps in which layers of 32² tokens swap
 * @param adainSteps model steps after which AdaIN is applied
 * @param seed the seed of the inversion noise and of the k-means seedings
 * @param path faithful or shortcut
 * @param previewEvery transfer iterations between previews (0: none)
 */
public record CiaSettings(String domain, int inversionSteps, int skipSteps, double inversionGuidanceScale,
        double swapGuidanceScale, double contrastStrength, boolean maskedAdain, StepRange swapSteps64,
        StepRange swapSteps32, StepRange adainSteps, long seed, SamplerPath path, int previewEvery) {

    /** The word CIA puts in the prompt when masked AdaIN is off and no domain is given. */
    public static final String DEFAULT_DOMAIN = "object";
    private static final String PROMPT_PREFIX = "A photo of a ";
    /** The structure image's inversion noise uses the seed plus this, so the two images draw different noise. */
    private static final long STRUCTURE_SEED_OFFSET = 1;

    /** Checks the step counts and the ranges. */
    public CiaSettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        if (inversionSteps < 1 || skipSteps < 0 || skipSteps >= inversionSteps) {
            throw new IllegalArgumentException("need 0 <= skipSteps < inversionSteps, got " + skipSteps + " of "
                    + inversionSteps);
        }
        if (maskedAdain && (domain.isBlank() || adainSteps.start() < 1)) {
            throw new IllegalArgumentException("masked AdaIN needs a domain and an AdaIN range starting at 1 or later"
                    + " (its attention is captured at the step before)");
        }
        if (previewEvery < 0) {
            throw new IllegalArgumentException("previewEvery must not be negative");
        }
    }

    /** CIA's defaults (RunConfig) for {@code domain}, the shortcut path and no previews. */
    public static CiaSettings reference(String domain, long seed) {
        return new CiaSettings(domain, 100, 32, 3.5, 3.5, 1.67, true, new StepRange(10, 90), new StepRange(10, 70),
                new StepRange(20, 100), seed, SamplerPath.SHORTCUT, 0);
    }

    /** The same settings on another path. */
    public CiaSettings withPath(SamplerPath other) {
        return new CiaSettings(domain, inversionSteps, skipSteps, inversionGuidanceScale, swapGuidanceScale,
                contrastStrength, maskedAdain, swapSteps64, swapSteps32, adainSteps, seed, other, previewEvery);
    }

    /** "A photo of a {domain}", with "object" for a blank domain (allowed without masked AdaIN). */
    public String prompt() {
        return PROMPT_PREFIX + (domain.isBlank() ? DEFAULT_DOMAIN : domain.strip());
    }

    /**
     * The position of the object noun's token in the prompt's token ids: NLTK's word index of the domain's last word
     * + 1 for the start token, as {@code Segmentor} counts (one token per word).
     */
    public int nounToken() {
        String[] words = prompt().split("\\s+");
        return words.length;
    }

    /** The iterations in which swap guidance mixes the two predictions: min start..max end, both inclusive. */
    public StepRange crossImageAttentionRange() {
        return new StepRange(Math.min(swapSteps32.start(), swapSteps64.start()),
                Math.max(swapSteps32.end(), swapSteps64.end()));
    }

    /** The seed of one image's inversion noise. */
    public long inversionSeed(boolean structure) {
        return structure ? seed + STRUCTURE_SEED_OFFSET : seed;
    }
}
