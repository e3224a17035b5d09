package dev.chimera.model.splice;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.chimera.model.nn.InPlace;

/**
 * One body of Splice's training loop ({@code train.py}): the generator runs on the A crop, on the entire A when the
 * step uses it, and on the B crop, in that order (each pass updates the BatchNorm running statistics); the loss is
 * back-propagated into the generator only (the ViT stays frozen), and Adam takes one step.
 */
public final class SpliceTrainer {

    private final SpliceGenerator generator;
    private final SpliceLoss loss;
    private final TorchAdam adam;
    private final ParameterStore store;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /** A trainer of an initialised or loaded generator; marks its trainable tensors as requiring gradients. */
    public SpliceTrainer(SpliceGenerator generator, SpliceLoss loss, TorchAdam adam, ParameterStore store) {
        this.generator = generator;
        this.loss = loss;
        this.adam = adam;
        this.store = store;
        for (Map.Entry<String, Parameter> e : generator.namedTensors().entrySet()) {
            if (e.getValue().requiresGradient()) {
                NDArray array = e.getValue().getArray();
                array.setRequiresGradient(true);
                parameters.put(e.getKey(), array);
            }
        }
    }

    /** The inputs of one step: the square crops, the entire structure image (null when unused) and the step. */
    public record StepInputs(NDArray globalA, NDArray globalB, NDArray entireA, long step) {
    }

    /**
     * The results of one step, all owned by the inputs' manager.
     *
     * @param globalOutput G(A crop)
     * @param entireOutput G(A), or null on a step without the entire image
     * @param identityOutput G(B crop)
     * @param losses the loss terms and their total
     * @param gradients a copy of each parameter's gradient before the update, by parameter name
     */
    public record StepResult(NDArray globalOutput, NDArray entireOutput, NDArray identityOutput, LossTerms losses,
            Map<String, NDArray> gradients) {
    }

    /**
     * Runs one training step and updates the generator in place.
     *
     * @throws TrainingDivergedException if a loss term or a gradient is not finite; Adam then takes no step
     */
    public StepResult step(StepInputs inputs) {
        StepResult result = lossAndGradients(inputs);
        adam.step(parameters, result.gradients());
        return result;
    }

    /**
     * One step's forward and backward passes without the optimiser's update: the outputs, the loss terms and a copy
     * of every gradient. The BatchNorm running statistics are updated, as by any forward pass.
     *
     * @throws TrainingDivergedException if a loss term or a gradient is not finite
     */
    StepResult lossAndGradients(StepInputs inputs) {
        boolean entire = loss.config().entireImageStep(inputs.step());
        if (entire && inputs.entireA() == null) {
            throw new IllegalArgumentException("step " + inputs.step() + " uses the entire image, but none was given");
        }
        NDArray globalOutput;
        NDArray entireOutput = null;
        NDArray identityOutput;
        LossTerms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            globalOutput = generator.forward(store, inputs.globalA(), null);
            if (entire) {
                entireOutput = generator.forward(store, inputs.entireA(), null);
            }
            identityOutput = generator.forward(store, inputs.globalB(), null);
            terms = loss.compute(store, new SpliceLoss.Images(inputs.globalA(), inputs.globalB(),
                    entire ? inputs.entireA() : null, globalOutput, identityOutput, entireOutput), inputs.step());
            collector.backward(terms.total());
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        parameters.forEach((name, array) -> {
            try (NDArray grad = array.getGradient()) {
                NDArray copy = grad.duplicate();
                copy.attach(inputs.globalA().getManager());
                gradients.put(name, copy);
            }
        });
        parameters.values().forEach(array -> {
            try (NDArray grad = array.getGradient(); NDArray zeros = grad.zerosLike()) {
                // Zeroed by a write, not by subtracting itself, which would keep a NaN for every later step.
                InPlace.assign(grad, zeros);
            }
        });
        requireFinite(terms, gradients, inputs.step());
        return new StepResult(globalOutput.stopGradient(), entireOutput == null ? null : entireOutput.stopGradient(),
                identityOutput.stopGradient(), terms, gradients);
    }

    private static void requireFinite(LossTerms terms, Map<String, NDArray> gradients, long step) {
        for (Map.Entry<String, NDArray> term : terms.terms().entrySet()) {
            requireFinite(term.getValue(), step, "the loss term " + term.getKey());
        }
        requireFinite(terms.total(), step, "the total loss");
        // One sum per tensor: NaN and infinities reach it, and finite gradients overflow it only when they diverge.
        for (Map.Entry<String, NDArray> gradient : gradients.entrySet()) {
            try (NDArray sum = gradient.getValue().sum()) {
                requireFinite(sum, step, "the gradient of " + gradient.getKey());
            }
        }
    }

    private static void requireFinite(NDArray scalar, long step, String what) {
        double value = scalar.toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(step, what + " is " + value);
        }
    }
}
