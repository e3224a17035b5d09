package dev.chimera.model.splice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * {@code torch.optim.Adam} without weight decay or amsgrad, computed as its single-tensor implementation does:
 * {@code m = β1·m + (1−β1)·g}, {@code v = β2·v + (1−β2)·g²}, then
 * {@code p −= lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + eps)}. Note that eps is added after the bias correction,
 * unlike DJL's own Adam. The state ({@code exp_avg}, {@code exp_avg_sq}, the step) is kept per parameter name.
 */
public final class TorchAdam {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
    private long step;

    /** An optimiser with fresh state. Splice uses lr 2e-3, betas (0, 0.99) and torch's default eps 1e-8. */
    public TorchAdam(double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
            throw new IllegalArgumentException("invalid Adam(lr " + lr + ", betas (" + beta1 + ", " + beta2
                    + "), eps " + eps + ")");
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Splice's optimiser: lr 2e-3, betas (0, 0.99), eps 1e-8. */
    public static TorchAdam splice() {
        return new TorchAdam(2e-3, 0.0, 0.99, 1e-8);
    }

    /** The number of steps taken. */
    public long steps() {
        return step;
    }

    /** The first-moment estimates ({@code exp_avg}) by parameter name; empty before the first step. */
    public Map<String, NDArray> expAvg() {
        return Collections.unmodifiableMap(expAvg);
    }

    /** The second-moment estimates ({@code exp_avg_sq}) by parameter name; empty before the first step. */
    public Map<String, NDArray> expAvgSq() {
        return Collections.unmodifiableMap(expAvgSq);
    }

    /**
     * Replaces the state with a saved one, as {@code load_state_dict} does: the step count and both moment estimates
     * of every parameter; the arrays are used as they are and must be owned by the parameters' manager.
     */
    public void restore(long steps, Map<String, NDArray> savedExpAvg, Map<String, NDArray> savedExpAvgSq) {
        if (steps < 0 || !savedExpAvg.keySet().equals(savedExpAvgSq.keySet())) {
            throw new IllegalArgumentException("inconsistent Adam state: step " + steps + ", exp_avg of "
                    + savedExpAvg.keySet() + ", exp_avg_sq of " + savedExpAvgSq.keySet());
        }
        expAvg.clear();
        expAvgSq.clear();
        expAvg.putAll(savedExpAvg);
        expAvgSq.putAll(savedExpAvgSq);
        step = steps;
    }

    /**
     * Updates every parameter in place from its gradient (both by name). The parameters must not be recorded by
     * autograd while this runs, i.e. no gradient collector may be open.
     */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / biasCorrection1);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray param = e.getValue();
            NDArray grad = gradients.get(e.getKey());
            if (grad == null) {
                throw new IllegalArgumentException("no gradient for parameter " + e.getKey());
            }
            NDArray m = expAvg.computeIfAbsent(e.getKey(), k -> param.zerosLike());
            NDArray v = expAvgSq.computeIfAbsent(e.getKey(), k -> param.zerosLike());
            try (NDList scratch = new NDList()) {
                m.muli((float) beta1).addi(keep(scratch, grad.mul((float) (1 - beta1))));
                v.muli((float) beta2).addi(keep(scratch, keep(scratch, grad.mul((float) (1 - beta2))).mul(grad)));
                NDArray denom = keep(scratch, keep(scratch, v.sqrt()).div((float) biasCorrection2Sqrt))
                        .addi((float) eps);
                // Through a detached view of the same storage: a thread whose autograd mode is on (PyTorch's mode
                // is per thread, and a closed collector restores the thread's own) refuses in-place ops on a leaf.
                keep(scratch, param.stopGradient()).subi(keep(scratch, keep(scratch, m.mul(stepSize)).div(denom)));
            }
        }
    }

    private static NDArray keep(NDList scratch, NDArray temporary) {
        scratch.add(temporary);
        return temporary;
    }
}
