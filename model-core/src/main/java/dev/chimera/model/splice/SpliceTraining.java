package dev.chimera.model.splice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.dino.VisionTransformer;

/**
 * Splice's training loop ({@code train.py} with its dataset's step counter): step s (from 0) augments and crops A and
 * B, adds the entire, un-augmented A when s is divisible by {@code entire_A_every}, and runs one
 * {@link SpliceTrainer#step}; the loss schedule (CLS only before {@code cls_warmup}) follows from s. Each step's
 * tensors live in their own sub-manager that is closed after the step, so memory stays flat over thousands of steps.
 * The state a resume needs (generator, Adam, step, random state, loss history) is what {@link SpliceCheckpoint}
 * saves.
 */
public final class SpliceTraining implements AutoCloseable {

    /** Called after every step with the step's index and its loss terms, plus {@code loss}, their weighted total. */
    @FunctionalInterface
    public interface StepListener {
        /** Receives one finished step. */
        void onStep(long step, Map<String, Float> losses);
    }

    private final SpliceGenerator generator;
    private final VisionTransformer vit;
    private final SpliceLoss loss;
    private final TorchAdam adam;
    private final SpliceTrainer trainer;
    private final SpliceAugmentations augmentations = new SpliceAugmentations();
    private final NDArray imageA;
    private final NDArray imageB;
    private final NDManager manager;
    private final SpliceRandom random;
    private final List<Map<String, Float>> lossHistory;
    private long step;

    /**
     * A training at {@code step} of an initialised or restored generator and optimiser, whose tensors and nothing else
     * are owned by {@code manager}, which the training takes over; A and B are [1, 3, H, W] in [0, 1].
     */
    SpliceTraining(SpliceGenerator generator, VisionTransformer vit, SpliceLossConfig lossConfig, TorchAdam adam,
            NDArray imageA, NDArray imageB, NDManager manager, SpliceRandom random, long step,
            List<Map<String, Float>> lossHistory) {
        if (step < 0 || lossHistory.size() != step) {
            throw new IllegalArgumentException("a training at step " + step + " needs one loss record per step, got "
                    + lossHistory.size());
        }
        this.generator = generator;
        this.vit = vit;
        this.loss = new SpliceLoss(vit, lossConfig);
        this.adam = adam;
        this.imageA = imageA;
        this.imageB = imageB;
        this.manager = manager;
        this.random = random;
        this.step = step;
        this.lossHistory = new ArrayList<>(lossHistory);
        this.trainer = new SpliceTrainer(generator, loss, adam, new ParameterStore(manager, false));
    }

    /** A fresh training with Splice's own optimiser, {@link TorchAdam#splice()}; see the overload. */
    public static SpliceTraining start(SkipConfig skipConfig, VisionTransformer vit, SpliceLossConfig lossConfig,
            NDArray imageA, NDArray imageB, long seed, NDManager manager) {
        return start(skipConfig, vit, lossConfig, TorchAdam.splice(), imageA, imageB, seed, manager);
    }

    /**
     * A fresh training against the frozen {@code vit}: a generator of {@code skipConfig}, owned by a sub-manager of
     * {@code manager}, initialised as Splice does from a {@link SpliceRandom} seeded with {@code seed}, which then
     * draws the augmentations, and {@code adam}, a fresh optimiser (Splice's is {@link TorchAdam#splice()}).
     */
    public static SpliceTraining start(SkipConfig skipConfig, VisionTransformer vit, SpliceLossConfig lossConfig,
            TorchAdam adam, NDArray imageA, NDArray imageB, long seed, NDManager manager) {
        SpliceRandom random = new SpliceRandom(seed);
        SpliceGenerator generator = new SpliceGenerator(skipConfig);
        NDManager owned = manager.newSubManager();
        SpliceInitialisation.initialise(generator, random, owned);
        return new SpliceTraining(generator, vit, lossConfig, adam, imageA, imageB, owned, random, 0, List.of());
    }

    /**
     * Trains until step {@code untilStep} (exclusive) or until {@code stopRequested} answers true, which is asked
     * before every step; returns the number of steps done so far.
     */
    public long run(long untilStep, StepListener listener, BooleanSupplier stopRequested) {
        while (step < untilStep && !stopRequested.getAsBoolean()) {
            Map<String, Float> losses = trainStep();
            listener.onStep(step - 1, losses);
        }
        return step;
    }

    private Map<String, Float> trainStep() {
        Map<String, Float> losses = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            // Ops called on the ViT's weights put their results in the weights' manager; lent to the scope, the
            // weights return to their own manager when the scope closes and take nothing of the step with them.
            vit.namedTensors().values().forEach(p -> p.getArray().tempAttach(scope));
            SpliceAugmentations.Crops crops = augmentations.sample(imageA, imageB, random, scope);
            NDArray entireA = null;
            if (loss.config().entireImageStep(step)) {
                entireA = imageA.duplicate();
                entireA.attach(scope);
            }
            SpliceTrainer.StepResult result = trainer.step(new SpliceTrainer.StepInputs(crops.globalA(),
                    crops.globalB(), entireA, step));
            result.losses().terms().forEach((name, value) -> losses.put(name, value.getFloat()));
            losses.put("loss", result.losses().total().getFloat());
        }
        releaseLeftovers();
        lossHistory.add(Collections.unmodifiableMap(losses));
        step++;
        return losses;
    }

    /**
     * Closes whatever a step's ops attached to the training's own manager instead of the step's scope (an op's result
     * belongs to the manager of its receiver, and some modules call ops on their parameters, e.g. to update running
     * statistics); only the generator's tensors and Adam's state are meant to live there.
     */
    private void releaseLeftovers() {
        Set<NDArray> state = Collections.newSetFromMap(new IdentityHashMap<>());
        generator.namedTensors().values().forEach(p -> state.add(p.getArray()));
        state.addAll(adam.expAvg().values());
        state.addAll(adam.expAvgSq().values());
        for (NDArray array : ((BaseNDManager) manager).getManagedArrays()) {
            if (!state.contains(array)) {
                array.close();
            }
        }
    }

    /**
     * G(entire A) at the current weights, [1, 3, H, W] in [0, 1], owned by {@code scope}: the reference's
     * {@code output.png}, computed as it does, BatchNorm in training mode (batch statistics, running statistics
     * updated), without gradients.
     *
     * @throws TrainingDivergedException if a pixel is not finite
     */
    public NDArray output(NDManager scope) {
        NDArray input = imageA.duplicate();
        input.attach(scope);
        NDArray output = generator.forward(new ParameterStore(manager, false), input, null).stopGradient();
        output.attach(scope);
        releaseLeftovers();
        if (output.isNaN().logicalOr(output.isInfinite()).any().getBoolean()) {
            throw new TrainingDivergedException(step, "the generator's picture is not finite");
        }
        return output;
    }

    /** Frees the generator and optimiser state; the training and its generator are unusable afterwards. */
    @Override
    public void close() {
        manager.close();
    }

    /** The number of steps done, i.e. the index of the next step. */
    public long step() {
        return step;
    }

    /** The generator being trained. */
    public SpliceGenerator generator() {
        return generator;
    }

    /** The optimiser and its state. */
    public TorchAdam adam() {
        return adam;
    }

    /** The state of the random generator that draws the next step's augmentations. */
    public long[] randomState() {
        return random.state();
    }

    /** The loss terms of every step done, in order. */
    public List<Map<String, Float>> lossHistory() {
        return Collections.unmodifiableList(lossHistory);
    }
}
