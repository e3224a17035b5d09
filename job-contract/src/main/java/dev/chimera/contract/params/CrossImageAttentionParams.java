package dev.chimera.contract.params;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parameters of Cross-Image Attention (MODELS.md §2): zero-shot appearance transfer with Stable Diffusion 1.5.
 *
 * @param domain the noun both images show, used in the prompt "A photo of a {domain}"; required
 * @param inversionSteps DDIM steps of the edit-friendly DDPM inversion
 * @param skipSteps inversion steps skipped before the transfer starts (the transfer runs the rest)
 * @param inversionGuidanceScale classifier-free guidance during inversion
 * @param swapGuidanceScale guidance between swapped and unswapped passes, decaying linearly to half of it
 * @param contrastStrength factor that sharpens the swapped attention maps
 * @param maskedAdain whether AdaIN is restricted to the object masks
 * @param swapSteps64 steps in which the 64×64 self-attention layers are swapped
 * @param swapSteps32 steps in which the 32×32 self-attention layers are swapped
 * @param adainSteps steps after which AdaIN aligns the output latent to the appearance latent
 */
public record CrossImageAttentionParams(
        String domain,
        int inversionSteps,
        int skipSteps,
        double inversionGuidanceScale,
        double swapGuidanceScale,
        double contrastStrength,
        boolean maskedAdain,
        StepRange swapSteps64,
        StepRange swapSteps32,
        StepRange adainSteps,
        Long seed) implements MethodParams {

    /** Cross-Image Attention (Alaluf et al. 2023): zero-shot on Stable Diffusion 1.5; the domain word is required. */
    public static final MethodSpec<CrossImageAttentionParams> SPEC = new MethodSpec<>(
            Method.CROSS_IMAGE_ATTENTION, JobKind.TRANSFER,
            List.of(InputRole.required("structure"), InputRole.required("appearance")),
            CrossImageAttentionParams.class, CrossImageAttentionParams::read, () -> defaults(""),
            List.of("domain"),
            List.of(FailureCode.UNREADABLE_INPUT, FailureCode.MODEL_UNAVAILABLE, FailureCode.MODEL_CORRUPT),
            List.of("sd-unet", "sd-vae", "clip-text", "cia-sampler"));

    /** Form of the domain word: a short noun phrase that fits CLIP's 77 tokens with room to spare. */
    public static final Pattern DOMAIN_FORM = Pattern.compile("[A-Za-z][A-Za-z '-]{0,47}");
    /** Bounds and default of the inversion steps. */
    public static final IntField INVERSION_STEPS = new IntField("inversionSteps", 100, 10, StepRange.MAX_STEP);
    /** Bounds and default of the skipped steps; also below {@code inversionSteps}. */
    public static final IntField SKIP_STEPS = new IntField("skipSteps", 32, 0, StepRange.MAX_STEP - 1);
    /** Bounds and default of the inversion guidance. */
    public static final DecimalField INVERSION_GUIDANCE_SCALE =
            new DecimalField("inversionGuidanceScale", 3.5, 1.0, 30.0);
    /** Bounds and default of the swap guidance. */
    public static final DecimalField SWAP_GUIDANCE_SCALE = new DecimalField("swapGuidanceScale", 3.5, 1.0, 30.0);
    /** Bounds and default of the attention contrast. */
    public static final DecimalField CONTRAST_STRENGTH = new DecimalField("contrastStrength", 1.67, 1.0, 5.0);
    /** Masked AdaIN is on in the reference. */
    public static final boolean DEFAULT_MASKED_ADAIN = true;
    /** Reference swap range of the 64×64 layers. */
    public static final StepRange DEFAULT_SWAP_STEPS_64 = new StepRange(10, 90);
    /** Reference swap range of the 32×32 layers. */
    public static final StepRange DEFAULT_SWAP_STEPS_32 = new StepRange(10, 70);
    /** Reference AdaIN range. */
    public static final StepRange DEFAULT_ADAIN_STEPS = new StepRange(20, 100);

    /** Rejects missing parts. */
    public CrossImageAttentionParams {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(swapSteps64, "swapSteps64");
        Objects.requireNonNull(swapSteps32, "swapSteps32");
        Objects.requireNonNull(adainSteps, "adainSteps");
    }

    /** The reference defaults for one domain word, random seed. */
    public static CrossImageAttentionParams defaults(String domain) {
        return new CrossImageAttentionParams(domain, INVERSION_STEPS.defaultValue(), SKIP_STEPS.defaultValue(),
                INVERSION_GUIDANCE_SCALE.defaultValue(), SWAP_GUIDANCE_SCALE.defaultValue(),
                CONTRAST_STRENGTH.defaultValue(), DEFAULT_MASKED_ADAIN, DEFAULT_SWAP_STEPS_64, DEFAULT_SWAP_STEPS_32,
                DEFAULT_ADAIN_STEPS, null);
    }

    @Override
    public Method method() {
        return Method.CROSS_IMAGE_ATTENTION;
    }

    /** The denoising steps the transfer runs (68 with the defaults). */
    public int transferSteps() {
        return inversionSteps - skipSteps;
    }

    static CrossImageAttentionParams read(FieldReader reader) {
        String domain = reader.requiredText("domain", DOMAIN_FORM,
                "1 to 48 letters, spaces, hyphens or apostrophes, starting with a letter");
        int inversionSteps = reader.read(INVERSION_STEPS);
        int skipSteps = reader.read(SKIP_STEPS);
        if (skipSteps >= inversionSteps && !reader.hasProblem(INVERSION_STEPS.name())
                && !reader.hasProblem(SKIP_STEPS.name())) {
            reader.problem(ProblemCode.OUT_OF_RANGE, SKIP_STEPS.name(),
                    "must be below inversionSteps (" + inversionSteps + "), was " + skipSteps);
        }
        return new CrossImageAttentionParams(
                domain == null ? "" : domain, // a problem was recorded, so this record is discarded
                inversionSteps,
                skipSteps,
                reader.read(INVERSION_GUIDANCE_SCALE),
                reader.read(SWAP_GUIDANCE_SCALE),
                reader.read(CONTRAST_STRENGTH),
                reader.read("maskedAdain", DEFAULT_MASKED_ADAIN),
                reader.object("swapSteps64", nested -> StepRange.read(nested, DEFAULT_SWAP_STEPS_64)),
                reader.object("swapSteps32", nested -> StepRange.read(nested, DEFAULT_SWAP_STEPS_32)),
                reader.object("adainSteps", nested -> StepRange.read(nested, DEFAULT_ADAIN_STEPS)),
                reader.seed("seed"));
    }
}
