package dev.chimera.contract.params;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;
import java.util.Objects;

/**
 * Parameters of clVAE semantic image synthesis (MODELS.md §3): N samples from one label map.
 *
 * @param styleGuided whether codes come from the {@code style} image's encoding for the classes it shows; when a
 *     submission leaves it out, it follows the presence of a style image
 */
public record ClvaeParams(int samples, boolean styleGuided, ClvaeDataset dataset, Long seed) implements MethodParams {

    /** Class- and layer-wise VAEs on a SPADE generator (Endo & Kanamori 2020), optionally style-guided. */
    public static final MethodSpec<ClvaeParams> SPEC = new MethodSpec<>(Method.CLVAE, JobKind.SYNTHESIS,
            List.of(InputRole.required("labelMap"), InputRole.optional("style")),
            ClvaeParams.class, ClvaeParams::read, ClvaeParams::defaults, List.of(),
            List.of(FailureCode.UNREADABLE_INPUT, FailureCode.INVALID_LABEL_MAP, FailureCode.MODEL_UNAVAILABLE,
                    FailureCode.MODEL_CORRUPT, FailureCode.MODEL_WITHOUT_STYLE_ENCODER),
            List.of("clvae-spade-generator"));

    /** Bounds and default of the number of images generated. */
    public static final IntField SAMPLES = new IntField("samples", 4, 1, 16);
    /** JSON name of the style-guided flag. */
    public static final String STYLE_GUIDED = "styleGuided";
    /** Without a style image the codes are random. */
    public static final boolean DEFAULT_STYLE_GUIDED = false;
    /** The datasets a generator was trained on; ADE20K by default. */
    public static final ChoiceField<ClvaeDataset> DATASET = new ChoiceField<>("dataset", ClvaeDataset.ADE20K,
            List.of(ClvaeDataset.values()), ClvaeDataset::wireName);

    /** Rejects missing parts. */
    public ClvaeParams {
        Objects.requireNonNull(dataset, "dataset");
    }

    /** The defaults, random seed. */
    public static ClvaeParams defaults() {
        return new ClvaeParams(SAMPLES.defaultValue(), DEFAULT_STYLE_GUIDED, DATASET.defaultValue(), null);
    }

    @Override
    public Method method() {
        return Method.CLVAE;
    }

    /** The same parameters with the style-guided flag set to {@code styleGuided}. */
    public ClvaeParams withStyleGuided(boolean styleGuided) {
        return new ClvaeParams(samples, styleGuided, dataset, seed);
    }

    static ClvaeParams read(FieldReader reader) {
        return new ClvaeParams(
                reader.read(SAMPLES),
                reader.read(STYLE_GUIDED, DEFAULT_STYLE_GUIDED),
                reader.read(DATASET),
                reader.seed("seed"));
    }
}
