package dev.chimera.contract.params;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;
import java.util.Objects;

/**
 * Parameters of Splice (MODELS.md §1): a generator trained from scratch on one image pair with Adam through DINO.
 *
 * @param clsWarmup steps at the start that use the appearance (CLS) loss only
 * @param maxImageSide longest side the inputs are resized to (DINO's {@code Resize(224, max_size=480)})
 * @param checkpointIntervalSteps a checkpoint is written every this many steps ...
 * @param checkpointIntervalSeconds ... or after this many seconds, whichever comes first
 * @param previewIntervalSteps G(structure image) is written as a preview every this many steps
 */
public record SpliceParams(
        int iterations,
        double learningRate,
        AdamBetas betas,
        SpliceLossWeights lossWeights,
        int entireImageEvery,
        int clsWarmup,
        int maxImageSide,
        DinoVariant dinoVariant,
        int checkpointIntervalSteps,
        int checkpointIntervalSeconds,
        int previewIntervalSteps,
        Long seed) implements MethodParams {

    /** Splice (Tumanyan et al. 2022): a generator trained for each pair through a frozen DINO ViT. */
    public static final MethodSpec<SpliceParams> SPEC = new MethodSpec<>(Method.SPLICE, JobKind.TRANSFER,
            List.of(InputRole.required("structure"), InputRole.required("appearance")),
            SpliceParams.class, SpliceParams::read, SpliceParams::defaults, List.of(),
            List.of(FailureCode.UNREADABLE_INPUT, FailureCode.MODEL_UNAVAILABLE, FailureCode.MODEL_CORRUPT,
                    FailureCode.TRAINING_DIVERGED, FailureCode.IMAGE_TOO_SMALL),
            List.of("dino-vit", "splice-generator"));

    /** Bounds and default of the number of Adam steps. */
    public static final IntField ITERATIONS = new IntField("iterations", 10_000, 1, 100_000);
    /** Bounds and default of Adam's learning rate. */
    public static final DecimalField LEARNING_RATE = new DecimalField("learningRate", 2e-3, 1e-6, 1.0);
    /** Bounds and default of the period of the entire-image loss terms. */
    public static final IntField ENTIRE_IMAGE_EVERY = new IntField("entireImageEvery", 75, 1, 100_000);
    /** Bounds and default of the CLS-only warm-up. */
    public static final IntField CLS_WARMUP = new IntField("clsWarmup", 1, 0, 100_000);
    /** Bounds and default of the longest image side. */
    public static final IntField MAX_IMAGE_SIDE = new IntField("maxImageSide", 480, 64, 2048);
    /** The feature extractors; the default is DINO ViT-B/8 as in the reference config. */
    public static final ChoiceField<DinoVariant> DINO_VARIANT = new ChoiceField<>("dinoVariant", DinoVariant.VIT_B8,
            List.of(DinoVariant.values()), DinoVariant::wireName);
    /** Bounds and default of the checkpoint period in steps. */
    public static final IntField CHECKPOINT_INTERVAL_STEPS = new IntField("checkpointIntervalSteps", 250, 1, 100_000);
    /** Bounds and default of the checkpoint period in seconds. */
    public static final IntField CHECKPOINT_INTERVAL_SECONDS =
            new IntField("checkpointIntervalSeconds", 300, 10, 86_400);
    /** Bounds and default of the preview period (the reference's log_images_freq). */
    public static final IntField PREVIEW_INTERVAL_STEPS = new IntField("previewIntervalSteps", 10, 1, 100_000);

    /** Rejects missing parts. */
    public SpliceParams {
        Objects.requireNonNull(betas, "betas");
        Objects.requireNonNull(lossWeights, "lossWeights");
        Objects.requireNonNull(dinoVariant, "dinoVariant");
    }

    /** The reference defaults, random seed. */
    public static SpliceParams defaults() {
        return new SpliceParams(ITERATIONS.defaultValue(), LEARNING_RATE.defaultValue(), AdamBetas.defaults(),
                SpliceLossWeights.defaults(), ENTIRE_IMAGE_EVERY.defaultValue(), CLS_WARMUP.defaultValue(),
                MAX_IMAGE_SIDE.defaultValue(), DINO_VARIANT.defaultValue(), CHECKPOINT_INTERVAL_STEPS.defaultValue(),
                CHECKPOINT_INTERVAL_SECONDS.defaultValue(), PREVIEW_INTERVAL_STEPS.defaultValue(), null);
    }

    @Override
    public Method method() {
        return Method.SPLICE;
    }

    static SpliceParams read(FieldReader reader) {
        return new SpliceParams(
                reader.read(ITERATIONS),
                reader.read(LEARNING_RATE),
                reader.object("betas", AdamBetas::read),
                reader.object("lossWeights", SpliceLossWeights::read),
                reader.read(ENTIRE_IMAGE_EVERY),
                reader.read(CLS_WARMUP),
                reader.read(MAX_IMAGE_SIDE),
                reader.read(DINO_VARIANT),
                reader.read(CHECKPOINT_INTERVAL_STEPS),
                reader.read(CHECKPOINT_INTERVAL_SECONDS),
                reader.read(PREVIEW_INTERVAL_STEPS),
                reader.seed("seed"));
    }
}
