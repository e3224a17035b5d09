package dev.chimera.worker.pipeline;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.CrossImageAttentionParams;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.model.cia.CiaProgress;
import dev.chimera.model.cia.CiaSettings;
import dev.chimera.model.cia.CrossImageAttention;
import dev.chimera.model.cia.Inversion;
import dev.chimera.model.cia.SamplerPath;
import dev.chimera.model.cia.Stage;
import dev.chimera.model.cia.StepRange;
import dev.chimera.model.imaging.ImageCodec;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelSource;
import dev.chimera.worker.models.Sd15Networks;
import dev.chimera.worker.models.Sd15Weights;

/**
 * Zero-shot appearance transfer with Cross-Image Attention (MODELS.md §2) on the {@code sd15} networks: both inputs
 * are prepared as CIA prepares them ({@link CiaInputImage}), inverted with edit-friendly DDPM inversion (each
 * inversion read from the job cache when an earlier job made it, and stored there otherwise), then the structure
 * image's layout gets the appearance image's look in {@code transferSteps} steps; the result is {@code output.png}.
 * Progress goes by stage ({@code inverting}, {@code transferring}, {@code decoding}; {@code inversion-cached} when an
 * inversion was read), a preview every {@value #PREVIEW_EVERY} transfer steps, and the job stops between any two
 * steps when asked. The sampler takes its shortcut path (inversion from {@code skipSteps} on, one batch-4 UNet pass
 * per step), which gives the faithful path's numbers.
 */
public final class CrossImageAttentionPipeline implements Pipeline<CrossImageAttentionParams> {

    /** The stage while the networks load. */
    static final String LOADING = "loading";
    /** The stage of the inversions computed by this job. */
    static final String INVERTING = "inverting";
    /** The stage reported once per inversion read from the cache. */
    static final String INVERSION_CACHED = "inversion-cached";
    /** The stage of the denoising steps with cross-image attention. */
    static final String TRANSFERRING = "transferring";
    /** The stage of the final VAE decode. */
    static final String DECODING = "decoding";
    /** The result file. */
    static final String OUTPUT = "output.png";
    /** Transfer steps between two previews. */
    static final int PREVIEW_EVERY = 10;

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final List<String> ROLES = List.of("appearance", "structure");

    private final ModelSource models;
    private final CiaPrecision precision;

    /** A pipeline taking SD 1.5's networks from {@code models}, in float32. */
    public CrossImageAttentionPipeline(ModelSource models) {
        this(models, CiaPrecision.FLOAT32);
    }

    /**
     * A pipeline taking SD 1.5's networks from {@code models} in {@code precision} (part of every inversion's cache
     * key and of the job's metadata).
     */
    public CrossImageAttentionPipeline(ModelSource models, CiaPrecision precision) {
        this.models = models;
        this.precision = precision;
    }

    @Override
    public MethodSpec<CrossImageAttentionParams> spec() {
        return CrossImageAttentionParams.SPEC;
    }

    @Override
    public PipelineResult run(CrossImageAttentionParams params, InputImages images, JobContext context) {
        context.step(LOADING, 0, 1);
        LoadedModel<Sd15Networks> model = models.load(Sd15Weights.FAMILY, Sd15Weights.loader(precision.dataType()));
        Sd15Networks networks = model.network();
        requireWithinBudget(networks, params, images, context.memoryBudget(), precision);
        NDManager manager = context.manager();
        long seed = params.seed() != null ? params.seed() : SEEDS.nextLong() & MethodParams.MAX_SEED;
        ClipPromptEncoder prompts = new ClipPromptEncoder(networks.tokenizer(), networks.textEncoder(), manager);
        CiaSettings settings = settings(params, seed);
        BooleanSupplier stopAsked = () -> context.stopRequested().isPresent();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seed", seed);
        details.put("prompt", settings.prompt());
        details.put("imageSize", CiaInputImage.SIZE);
        details.put("samplerPath", settings.path().name().toLowerCase(Locale.ROOT));
        details.put("precision", precision.wireName());
        try (NDManager job = manager.newSubManager()) {
            Map<String, NDArray> prepared = new LinkedHashMap<>();
            for (String role : ROLES) {
                prepared.put(role, CiaInputImage.prepare(images.rgb(role, job)));
            }
            InversionStage inversions = new InversionStage(model, prompts, settings, precision, context, stopAsked);
            Map<String, Inversion> inverted = inversions.run(prepared, images, params.seed(), job);
            details.put("inversions", inversions.report());
            CrossImageAttention cia = new CrossImageAttention(networks.unet(), networks.vae(), prompts, settings, job);
            CrossImageAttention.Result result = cia.transfer(inverted.get("appearance"), inverted.get("structure"),
                    progress(context), stopAsked, job);
            NDArray output = result.output();
            requireFinite(output);
            details.put("latentSize", result.latents().getShape().get(2));
            details.put("adain", !params.maskedAdain() ? "plain" : result.maskedAdainFellBack()
                    ? "plain: an object mask was empty, so masked AdaIN had no pixels to take statistics from"
                    : "masked");
            details.put("transferSteps", params.transferSteps());
            return new PipelineResult(List.of(ResultFile.png(OUTPUT, ImageCodec.encodePng(output))),
                    model.manifest(), details);
        } catch (CancellationException e) {
            throw new JobStoppedException(context.stopRequested().orElseThrow(() -> e));
        }
    }

    /** Refuses a job whose networks, UNet pass at CIA's picture size and inputs would not fit the budget. */
    private static void requireWithinBudget(Sd15Networks networks, CrossImageAttentionParams params,
            InputImages images, MemoryBudget budget, CiaPrecision precision) {
        long bytes = MemoryEstimate.crossImageAttention(networks.unet().config(), networks.vae().config(),
                weightElements(networks), CiaInputImage.SIZE, params.inversionSteps(), precision.bytesPerElement());
        for (String role : ROLES) {
            bytes += MemoryEstimate.decodedPicture(images.size(role));
        }
        budget.require(bytes, "SD 1.5's networks (" + weightElements(networks) / 1_000_000 + " M weights) at "
                + CiaInputImage.SIZE + "² pictures with the " + images.size("structure") + " structure and "
                + images.size("appearance") + " appearance images", "smaller images, or a worker whose budget"
                + " holds these networks,");
    }

    /** Every tensor of the UNet, the VAE and the text encoder, in elements, counted from their shapes. */
    static long weightElements(Sd15Networks networks) {
        return Stream.of(networks.unet(), networks.vae(), networks.textEncoder())
                .flatMap(network -> network.namedShapes().values().stream()).mapToLong(Shape::size).sum();
    }

    /** The sampler's settings of a job's parameters; its seed draws the k-means seedings. */
    static CiaSettings settings(CrossImageAttentionParams params, long seed) {
        try {
            return new CiaSettings(params.domain(), params.inversionSteps(), params.skipSteps(),
                    params.inversionGuidanceScale(), params.swapGuidanceScale(), params.contrastStrength(),
                    params.maskedAdain(), range(params.swapSteps64()), range(params.swapSteps32()),
                    range(params.adainSteps()), seed, SamplerPath.SHORTCUT, PREVIEW_EVERY);
        } catch (IllegalArgumentException e) {
            throw new PipelineFailure(FailureCode.INVALID_PARAMS, "the sampler refuses these parameters: "
                    + e.getMessage());
        }
    }

    private static StepRange range(dev.chimera.contract.params.StepRange range) {
        return new StepRange(range.start(), range.end());
    }

    /** Transfer and decode steps as job progress, each preview stored and named in the step's report. */
    private static CiaProgress progress(JobContext context) {
        return new CiaProgress() {
            @Override
            public void step(Stage stage, int done, int total) {
                context.step(stage == Stage.DECODING ? DECODING : TRANSFERRING, done, total);
            }

            @Override
            public void preview(int done, int total, NDArray image) {
                context.savePreview(done, ImageCodec.encodePng(image.clip(0f, 1f)))
                        .ifPresent(key -> context.step(TRANSFERRING, done, total, key));
            }
        };
    }

    /** Random networks or half precision can overflow; a picture of NaNs is no result. */
    private static void requireFinite(NDArray output) {
        try (NDArray broken = output.isInfinite().logicalOr(output.isNaN()).any()) {
            if (broken.getBoolean()) {
                throw new PipelineFailure(FailureCode.SAMPLING_DIVERGED, "the sampler's numbers overflowed, so no"
                        + " picture was made");
            }
        }
    }
}
