package dev.chimera.worker.pipeline;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.contract.params.SpliceLossWeights;
import dev.chimera.contract.params.SpliceParams;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.imaging.ImageCodec;
import dev.chimera.model.imaging.ImageGeometry;
import dev.chimera.model.splice.CheckpointSchedule;
import dev.chimera.model.splice.SkipConfig;
import dev.chimera.model.splice.SpliceAugmentations;
import dev.chimera.model.splice.SpliceCheckpoint;
import dev.chimera.model.splice.SpliceLossConfig;
import dev.chimera.model.splice.SpliceTraining;
import dev.chimera.model.splice.TorchAdam;
import dev.chimera.model.splice.TrainingDivergedException;
import dev.chimera.worker.models.DinoWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelSource;

/**
 * Appearance transfer with Splice (MODELS.md §1): a fresh skip U-Net is trained for {@code params.iterations} Adam
 * steps through the frozen DINO ViT of {@code params.dinoVariant} to give the structure image the appearance image's
 * look; the result {@code output.png} is the generator's output on the whole structure image. Both images are first
 * scaled down to at most {@code maxImageSide} on their longer side. Every {@code previewIntervalSteps} a downscaled
 * preview is stored, every {@code checkpointIntervalSteps} steps or {@code checkpointIntervalSeconds} (whichever comes
 * first) and when the worker shuts down a checkpoint is stored, and a work order naming a checkpoint resumes from
 * it exactly.
 */
public final class SplicePipeline implements Pipeline<SpliceParams> {

    /** The stage name of the training steps. */
    static final String TRAINING = "training";
    /** The result file. */
    static final String OUTPUT = "output.png";
    /** Longest side of a preview image. */
    static final int PREVIEW_SIDE = 256;

    private static final Logger LOG = Logger.getLogger(SplicePipeline.class);
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final double ADAM_EPS = 1e-8;

    private final ModelSource models;

    /** A pipeline taking its DINO ViTs from {@code models}. */
    public SplicePipeline(ModelSource models) {
        this.models = models;
    }

    @Override
    public MethodSpec<SpliceParams> spec() {
        return SpliceParams.SPEC;
    }

    @Override
    public PipelineResult run(SpliceParams params, InputImages images, JobContext context) {
        context.step("loading", 0, params.iterations());
        LoadedModel<VisionTransformer> model = models.load(DinoWeights.family(params.dinoVariant()),
                DinoWeights.loader());
        requireWithinBudget(params, images, model.network().config(), context.memoryBudget());
        NDManager manager = context.manager();
        NDArray structure = limited(images.rgb("structure", manager), params.maxImageSide());
        NDArray appearance = limited(images.rgb("appearance", manager), params.maxImageSide());
        requireTrainableSize("structure", structure);
        requireTrainableSize("appearance", appearance);

        Map<String, Object> details = new LinkedHashMap<>();
        try (SpliceTraining training = startOrResume(params, model.network(), structure, appearance, context,
                details)) {
            return trainAndRender(training, params, model, structure, details, context);
        } catch (TrainingDivergedException e) {
            throw new PipelineFailure(FailureCode.TRAINING_DIVERGED, e.getMessage()
                    + "; the numbers overflowed, so no picture was made (a smaller learningRate may help)");
        }
    }

    private static PipelineResult trainAndRender(SpliceTraining training, SpliceParams params,
            LoadedModel<VisionTransformer> model, NDArray structure, Map<String, Object> details, JobContext context) {
        train(training, params, context);
        byte[] output;
        try (NDManager scope = context.manager().newSubManager()) {
            output = ImageCodec.encodePng(training.output(scope).get(0));
        }
        Shape size = structure.getShape();
        details.put("iterations", params.iterations());
        details.put("dinoVariant", params.dinoVariant().wireName());
        details.put("imageHeight", size.get(2));
        details.put("imageWidth", size.get(3));
        details.put("finalLosses", training.lossHistory().isEmpty() ? Map.of()
                : asDoubles(training.lossHistory().get(training.lossHistory().size() - 1)));
        return new PipelineResult(List.of(ResultFile.png(OUTPUT, output)), model.manifest(), details);
    }

    private static SpliceTraining startOrResume(SpliceParams params, VisionTransformer vit, NDArray structure,
            NDArray appearance, JobContext context, Map<String, Object> details) {
        SpliceLossConfig loss = lossConfig(params, vit.config().imgSize());
        TorchAdam adam = new TorchAdam(params.learningRate(), params.betas().beta1(), params.betas().beta2(),
                ADAM_EPS);
        Optional<StoredCheckpoint> checkpoint = context.resumeCheckpoint();
        if (checkpoint.isPresent()) {
            try {
                SpliceTraining resumed = SpliceCheckpoint.restore(checkpoint.get().content(), SkipConfig.splice(), vit,
                        loss, adam, structure, appearance, context.manager());
                details.put("resumedFrom", checkpoint.get().key());
                details.put("resumedFromStep", resumed.step());
                if (params.seed() != null) {
                    details.put("seed", params.seed());
                }
                return resumed;
            } catch (IOException | RuntimeException e) {
                // A checkpoint that cannot be read costs the steps it saved, not the job.
                LOG.warnf("checkpoint unusable, training starts over key=%s error=%s", checkpoint.get().key(),
                        e.toString());
                adam = new TorchAdam(params.learningRate(), params.betas().beta1(), params.betas().beta2(),
                        ADAM_EPS);
            }
        }
        long seed = params.seed() != null ? params.seed() : SEEDS.nextLong() & MethodParams.MAX_SEED;
        details.put("seed", seed);
        return SpliceTraining.start(SkipConfig.splice(), vit, loss, adam, structure, appearance, seed,
                context.manager());
    }

    private static void train(SpliceTraining training, SpliceParams params, JobContext context) {
        long startStep = training.step();
        long startNanos = System.nanoTime();
        CheckpointSchedule schedule = new CheckpointSchedule(params.checkpointIntervalSteps(),
                Duration.ofSeconds(params.checkpointIntervalSeconds()), startStep, startNanos);
        long total = params.iterations();
        training.run(total, (index, losses) -> {
            long done = index + 1;
            long now = System.nanoTime();
            String previewKey = done % params.previewIntervalSteps() == 0 || done == total
                    ? preview(training, done, context).orElse(null) : null;
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            double stepsPerSecond = (done - startStep) / seconds;
            context.trainingProgress(new TrainingReport(TRAINING, done, total, stepsPerSecond,
                    (total - done) / stepsPerSecond, asDoubles(losses), previewKey));
            if (done < total && schedule.due(done, now) && context.saveCheckpoint(done,
                    SpliceCheckpoint.write(training))) {
                schedule.written(done, now);
            }
        }, () -> context.stopRequested().isPresent());
        if (training.step() < total) {
            StopReason reason = context.stopRequested().orElseThrow();
            if (reason == StopReason.SHUTDOWN && training.step() > schedule.lastStep()) {
                context.saveCheckpoint(training.step(), SpliceCheckpoint.write(training));
            }
            throw new JobStoppedException(reason);
        }
    }

    private static Optional<String> preview(SpliceTraining training, long step, JobContext context) {
        try (NDManager scope = context.manager().newSubManager()) {
            NDArray output = training.output(scope);
            Shape shape = output.getShape();
            double scale = Math.min(1.0, (double) PREVIEW_SIDE / Math.max(shape.get(2), shape.get(3)));
            NDArray small = scale < 1.0 ? ImageGeometry.resizeBilinear(output,
                    (int) Math.max(1, Math.round(shape.get(2) * scale)),
                    (int) Math.max(1, Math.round(shape.get(3) * scale))) : output;
            return context.savePreview(step, ImageCodec.encodePng(small.clip(0f, 1f).get(0)));
        }
    }

    /**
     * Refuses a job whose decoded inputs and training step would not fit: the training runs on the structure
     * image's size after {@code maxImageSide}, and the appearance image's crops go through the same networks.
     */
    private static void requireWithinBudget(SpliceParams params, InputImages images, VitConfig vit,
            MemoryBudget budget) {
        PixelSize structure = images.size("structure");
        PixelSize appearance = images.size("appearance");
        PixelSize trained = limitedSize(structure, params.maxImageSide());
        PixelSize appearanceTrained = limitedSize(appearance, params.maxImageSide());
        PixelSize larger = appearanceTrained.pixels() > trained.pixels() ? appearanceTrained : trained;
        long bytes = MemoryEstimate.decodedPicture(structure) + MemoryEstimate.decodedPicture(appearance)
                + MemoryEstimate.spliceTraining(SkipConfig.splice(), vit, larger);
        budget.require(bytes, "training on " + trained + " and " + appearanceTrained + " pictures (the "
                + structure + " structure and " + appearance + " appearance images at maxImageSide "
                + params.maxImageSide() + ")", "a smaller maxImageSide or images closer to square");
    }

    /** The size {@link #limited} gives a picture of {@code size}. */
    private static PixelSize limitedSize(PixelSize size, int maxSide) {
        if (size.longer() <= maxSide) {
            return size;
        }
        double scale = (double) maxSide / size.longer();
        return new PixelSize(Math.max(1, Math.round(size.width() * scale)),
                Math.max(1, Math.round(size.height() * scale)));
    }

    /**
     * Refuses a picture the generator cannot train on: its random crops (at least 95 % of the height, at most the
     * width) must keep Splice's {@link SkipConfig#minimumSide()} through every scale.
     */
    private static void requireTrainableSize(String role, NDArray picture) {
        long height = picture.getShape().get(2);
        long width = picture.getShape().get(3);
        int minimum = SkipConfig.splice().minimumSide();
        if (Math.min(Math.floor(SpliceAugmentations.MIN_CROP_SCALE * height), width) < minimum) {
            throw new PipelineFailure(FailureCode.IMAGE_TOO_SMALL, "the " + role + " image is " + width + "×" + height
                    + " pixels after scaling to maxImageSide; Splice needs its width and 95% of its height to be at"
                    + " least " + minimum + " pixels");
        }
    }

    /** Every loss term as a double; they are finite, since a step with a term that is not stops the training. */
    private static Map<String, Double> asDoubles(Map<String, Float> losses) {
        Map<String, Double> out = new LinkedHashMap<>();
        losses.forEach((name, value) -> out.put(name, value.doubleValue()));
        return out;
    }

    /**
     * The contract's weights and schedule as Splice's LossG configuration. The ViT sees images resized to a short
     * side of {@code dinoSize}: the ViT's own training size, which for every published DINO is Splice's 224
     * ({@code dino_global_patch_size}) and for the demo's tiny stand-ins their tiny size.
     */
    static SpliceLossConfig lossConfig(SpliceParams params, int dinoSize) {
        SpliceLossWeights w = params.lossWeights();
        return new SpliceLossConfig((float) w.appearance(), (float) w.structure(), (float) w.entireImageStructure(),
                (float) w.entireImageAppearance(), (float) w.identity(), params.clsWarmup(), params.entireImageEvery(),
                dinoSize);
    }

    /** The picture scaled down (bilinear) to a longer side of at most {@code maxSide}; smaller ones as they are. */
    static NDArray limited(NDArray picture, int maxSide) {
        Shape shape = picture.getShape();
        long height = shape.get(2);
        long width = shape.get(3);
        long longer = Math.max(height, width);
        if (longer <= maxSide) {
            return picture;
        }
        double scale = (double) maxSide / longer;
        return ImageGeometry.resizeBilinear(picture, (int) Math.max(1, Math.round(height * scale)),
                (int) Math.max(1, Math.round(width * scale)));
    }
}
