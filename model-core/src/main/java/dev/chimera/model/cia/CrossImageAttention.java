package dev.chimera.model.cia;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.UNet2DConditionModel;

/**
 * Cross-Image Attention (Alaluf et al. 2023) as a worker runs it: inverts each input image once ({@link #invert},
 * a value the caller may cache by the image's content and {@link #inversionFingerprint}), then transfers the
 * appearance onto the structure ({@link #transfer}) and decodes [OUT, APPEARANCE, STRUCTURE]. The settings choose the
 * faithful path or the shortcut (inversion from skip_steps on, one batch-4 UNet pass per step).
 */
public final class CrossImageAttention {

    private final AutoencoderKL vae;
    private final PromptEncoder prompts;
    private final CiaSettings settings;
    private final DdimSchedule schedule;
    private final ParameterStore store;
    private final UnetDenoiser denoiser;

    /** CIA on loaded SD-1.5 networks with {@code settings}; {@code manager} holds the parameter store's copies. */
    public CrossImageAttention(UNet2DConditionModel unet, AutoencoderKL vae, PromptEncoder prompts,
            CiaSettings settings, NDManager manager) {
        this.vae = vae;
        this.prompts = prompts;
        this.settings = settings;
        this.schedule = DdimSchedule.stableDiffusion(settings.inversionSteps());
        this.store = new ParameterStore(manager, false);
        this.denoiser = new UnetDenoiser(unet, store, UnetDenoiser.swapSchedule(settings), settings.path(),
                settings.nounToken());
    }

    /**
     * The result of a transfer: the final latents and their images, rows [OUT, APPEARANCE, STRUCTURE], and whether
     * masked AdaIN ran plainly because an object mask was (nearly) empty.
     */
    public record Result(NDArray latents, NDArray images, boolean maskedAdainFellBack) {

        /** The transferred image [3, H, W] in [0, 1]. */
        public NDArray output() {
            return images.get(0);
        }
    }

    /** The schedule of these settings. */
    public DdimSchedule schedule() {
        return schedule;
    }

    /** The settings. */
    public CiaSettings settings() {
        return settings;
    }

    /**
     * The first inversion step this path computes: 0 on the faithful path, skip_steps on the shortcut (the steps
     * before never feed the transfer).
     */
    public int firstInvertedStep() {
        return settings.path() == SamplerPath.SHORTCUT ? settings.skipSteps() : 0;
    }

    /**
     * Everything besides the image that determines an inversion of these settings: a cache key part. The networks'
     * weights are the caller's to add.
     */
    public String inversionFingerprint(boolean structure) {
        return "cia-inversion/v1;steps=" + settings.inversionSteps() + ";from=" + firstInvertedStep() + ";guidance="
                + settings.inversionGuidanceScale() + ";prompt=" + settings.prompt() + ";seed="
                + settings.inversionSeed(structure);
    }

    /**
     * Inverts one image [1, 3, H, W] in [−1, 1] (the structure image when {@code structure}, whose noise has its
     * own seed), reporting {@link Stage#INVERTING} steps and asking {@code cancelled} before each.
     *
     * @throws CancellationException when cancelled
     */
    public Inversion invert(NDArray image, boolean structure, CiaProgress progress, BooleanSupplier cancelled,
            NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            image.tempAttach(scope);
            lendVae(scope);
            NDArray latent = vae.encodeMode(store, image.toType(vae.floatingType(), false))
                    .toType(DataType.FLOAT32, false);
            NDArray embeddings = prompts.encode(settings.prompt(), scope);
            NDArray empty = prompts.encode("", scope);
            EditFriendlyInversion inversion = new EditFriendlyInversion(schedule, denoiser,
                    settings.inversionGuidanceScale());
            return inversion.invert(latent, embeddings, empty,
                    new SeededInversionNoise(settings.inversionSeed(structure), schedule), firstInvertedStep(),
                    (done, total, latents) -> progress.step(Stage.INVERTING, done, total), cancelled, manager);
        }
    }

    /**
     * Transfers {@code appearance}'s look onto {@code structure}'s layout, reporting {@link Stage#TRANSFERRING} steps
     * (with a preview every {@code previewEvery} iterations) and {@link Stage#DECODING}, asking {@code cancelled}
     * before each step.
     *
     * @throws CancellationException when cancelled
     */
    public Result transfer(Inversion appearance, Inversion structure, CiaProgress progress,
            BooleanSupplier cancelled, NDManager manager) {
        NDArray latents;
        boolean maskFellBack;
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = prompts.encode(settings.prompt(), scope);
            ObjectSegmentation segmentation = new ObjectSegmentation(KMeans.segmentation(settings.seed()));
            AppearanceTransfer transfer = new AppearanceTransfer(schedule, denoiser, settings, segmentation);
            latents = transfer.run(appearance, structure, embeddings, (done, total, current) -> {
                progress.step(Stage.TRANSFERRING, done, total);
                if (settings.previewEvery() > 0 && (done % settings.previewEvery() == 0 || done == total)) {
                    preview(current, done, total, progress);
                }
            }, cancelled, manager);
            maskFellBack = transfer.maskFellBack();
        }
        if (cancelled.getAsBoolean()) {
            latents.close();
            throw new CancellationException("transfer cancelled before decoding");
        }
        NDArray images = decode(latents, manager);
        progress.step(Stage.DECODING, 1, 1);
        return new Result(latents, images, maskFellBack);
    }

    /** Inverts both images and transfers: the whole job. */
    public Result run(NDArray appearanceImage, NDArray structureImage, CiaProgress progress,
            BooleanSupplier cancelled, NDManager manager) {
        try (NDManager inversions = manager.newSubManager()) {
            Inversion appearance = invert(appearanceImage, false, progress, cancelled, inversions);
            Inversion structure = invert(structureImage, true, progress, cancelled, inversions);
            return transfer(appearance, structure, progress, cancelled, manager);
        }
    }

    /**
     * clamp(decode(latents / 0.18215)/2 + 0.5, 0, 1) of latents [B, 4, h, w], one row at a time, in the VAE's
     * precision; the images are float32.
     */
    public NDArray decode(NDArray latents, NDManager manager) {
        NDList rows = new NDList();
        for (long index = 0; index < latents.getShape().get(0); index++) {
            try (NDManager scope = manager.newSubManager()) {
                latents.tempAttach(scope);
                lendVae(scope);
                NDArray row = latents.get(index + ":" + (index + 1)).toType(vae.floatingType(), false);
                NDArray image = vae.decodeToUnitRange(store, row).toType(DataType.FLOAT32, false);
                image.attach(manager);
                rows.add(image);
            }
        }
        NDArray images = NDArrays.concat(rows);
        rows.close();
        return images;
    }

    private void lendVae(NDManager scope) {
        vae.namedTensors().values().forEach(p -> p.getArray().tempAttach(scope));
    }

    private void preview(NDArray latents, int done, int total, CiaProgress progress) {
        try (NDManager scope = latents.getManager().newSubManager()) {
            NDArray image = decode(latents.get("0:1"), scope);
            progress.preview(done, total, image.get(0));
        }
    }
}
