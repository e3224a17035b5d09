package dev.chimera.model.cia;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * CIA's transfer loop ({@code CrossImageAttentionStableDiffusionPipeline.__call__} with the AdaIN callback of
 * {@code AppearanceTransferModel}): the batch [OUT, APPEARANCE, STRUCTURE] starts from the structure's and the
 * appearance's x_t at the skipped step and denoises over the remaining timesteps with each row's stored noise maps.
 *
 * <p>Iteration i predicts ε with and without the swap, mixes them as ε_ns + s_i·(ε_sw − ε_ns) with
 * s = linspace(g, max(g/2, 1), n) when g &gt; 1 and i lies in the swap range, else takes ε_sw, takes the DDPM step
 * (η = 1), and then, as the callback does, sets the model step to i and applies AdaIN to OUT inside the AdaIN range.
 * The model step seen by the UNet during iteration i is therefore i − 1 (0 in the first iteration). With masked
 * AdaIN, the attention maps are captured while the model step is the range's start − 1, and the masks computed when
 * it becomes the start.
 */
public final class AppearanceTransfer {

    private static final float ETA = 1f;

    private final DdimSchedule schedule;
    private final CiaDenoiser denoiser;
    private final CiaSettings settings;
    private final ObjectSegmentation segmentation;
    private boolean maskFellBack;

    /**
     * A transfer on {@code schedule} with {@code denoiser}; {@code segmentation} makes the masks of masked AdaIN
     * (unused otherwise).
     */
    public AppearanceTransfer(DdimSchedule schedule, CiaDenoiser denoiser, CiaSettings settings,
            ObjectSegmentation segmentation) {
        this.schedule = schedule;
        this.denoiser = denoiser;
        this.settings = settings;
        this.segmentation = segmentation;
    }

    /**
     * The final latents [3, C, h, w] of [OUT, APPEARANCE, STRUCTURE], owned by {@code manager}, from the two
     * inversions and the prompt's {@code embeddings} [1, 77, D]; {@code hook} sees the latents after each
     * iteration, and {@code cancelled} is asked before each.
     *
     * @throws CancellationException when {@code cancelled} answered true
     */
    public NDArray run(Inversion appearance, Inversion structure, NDArray embeddings, StepHook hook,
            BooleanSupplier cancelled, NDManager manager) {
        int skip = settings.skipSteps();
        int iterations = schedule.steps() - skip;
        NDArray latents;
        NDArray noise;
        NDArray batchEmbeddings;
        try (NDManager scope = manager.newSubManager()) {
            lend(scope, appearance.xts(), appearance.zs(), structure.xts(), structure.zs(), embeddings);
            latents = NDArrays.stack(new NDList(structure.latent(skip), appearance.latent(skip),
                    structure.latent(skip)));
            noise = NDArrays.stack(new NDList(structure.noiseFrom(skip), appearance.noiseFrom(skip),
                    structure.noiseFrom(skip)), 1);
            batchEmbeddings = embeddings.repeat(0, 3);
            NDList kept = new NDList(latents, noise, batchEmbeddings);
            kept.attach(manager);
        }
        double[] strengths = linspace(settings.swapGuidanceScale(), Math.max(settings.swapGuidanceScale() / 2, 1.0),
                iterations);
        StepRange swapRange = settings.crossImageAttentionRange();
        SegmentationAttention captured = null;
        NDArray[] masks = null;
        int modelStep = 0;
        try {
            for (int i = 0; i < iterations; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("transfer cancelled before iteration " + i);
                }
                int t = schedule.timestep(skip + i);
                boolean capture = settings.maskedAdain() && modelStep == settings.adainSteps().start() - 1;
                NDArray next;
                try (NDManager scope = manager.newSubManager()) {
                    lend(scope, latents, noise, batchEmbeddings);
                    SwapPredictions predictions = denoiser.predictTransfer(latents, t, batchEmbeddings, modelStep,
                            capture);
                    if (predictions.attention() != null) {
                        closeCaptured(captured);
                        captured = predictions.attention();
                        captured.self().attach(manager);
                        captured.noun().attach(manager);
                    }
                    NDArray eps = settings.swapGuidanceScale() > 1.0 && i >= swapRange.start() && i <= swapRange.end()
                            ? predictions.noSwap().add(predictions.swap().sub(predictions.noSwap())
                                    .mul((float) strengths[i]))
                            : predictions.swap();
                    next = schedule.ddpmStep(latents, t, eps, noise.get(i), ETA);
                    modelStep = i;
                    if (settings.maskedAdain() && modelStep == settings.adainSteps().start()) {
                        masks = masks(captured, scope);
                        if (masks != null) {
                            new NDList(masks).attach(manager);
                        }
                    }
                    if (settings.adainSteps().contains(modelStep)) {
                        next = withAdain(next, masks);
                    }
                    next.attach(manager);
                }
                latents.close();
                latents = next;
                hook.afterStep(i + 1, iterations, latents);
            }
        } finally {
            noise.close();
            batchEmbeddings.close();
            closeCaptured(captured);
            if (masks != null) {
                new NDList(masks).close();
            }
        }
        return latents;
    }

    /** Row 0 re-normalised to row 1, plainly or inside the masks [structure mask, appearance mask]. */
    private NDArray withAdain(NDArray latents, NDArray[] masks) {
        NDArray out = latents.get(0);
        NDArray appearance = latents.get(1);
        NDArray restyled = masks == null ? Adain.plain(out, appearance) : Adain.masked(out, appearance, masks[0],
                masks[1]);
        return NDArrays.concat(new NDList(restyled.expandDims(0), latents.get("1:")));
    }

    /**
     * Whether masked AdaIN was asked for but ran plainly, because an image's object mask had fewer than two pixels
     * (its statistics would be 0/0: the reference turns the whole output into NaN there).
     */
    public boolean maskFellBack() {
        return maskFellBack;
    }

    /** [structure mask, appearance mask], each [h, w] like the latents; null (plain AdaIN) when one is too small. */
    private NDArray[] masks(SegmentationAttention attention, NDManager scope) {
        if (attention == null) {
            throw new IllegalStateException("masked AdaIN starts at step " + settings.adainSteps().start()
                    + " but no attention was captured at the step before");
        }
        NDArray appearanceMask = segmentation.mask(attention.self().get(0), attention.noun().get(0), scope);
        NDArray structureMask = segmentation.mask(attention.self().get(1), attention.noun().get(1), scope);
        if (pixels(appearanceMask) < 2 || pixels(structureMask) < 2) {
            maskFellBack = true;
            return null;
        }
        return new NDArray[] {structureMask, appearanceMask};
    }

    private static long pixels(NDArray mask) {
        return mask.sum().toType(DataType.INT64, false).getLong();
    }

    private static void closeCaptured(SegmentationAttention attention) {
        if (attention != null) {
            attention.self().close();
            attention.noun().close();
        }
    }

    /** Lends arrays to a step's scope, so the step's intermediates derived from them close with it. */
    private static void lend(NDManager scope, NDArray... arrays) {
        for (NDArray array : arrays) {
            array.tempAttach(scope);
        }
    }

    /** {@code np.linspace(start, stop, n)}: start + i·step, with the last value exactly stop. */
    static double[] linspace(double start, double stop, int n) {
        double[] values = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        if (n > 1) {
            values[n - 1] = stop;
        }
        return values;
    }
}
