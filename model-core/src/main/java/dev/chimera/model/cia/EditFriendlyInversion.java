package dev.chimera.model.cia;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Edit-friendly DDPM inversion as CIA runs it ({@code utils/ddpm_inversion.invert} with η = 1): draw every x_t from
 * x₀ with its own noise, then from the least noisy step up predict ε with classifier-free guidance against the empty
 * prompt and solve the DDPM step for the noise map z that leads from x_t to the drawn x_{t−1}; the last z is 0.
 *
 * <p>Steps before {@code firstStep} can be left out: step s reads only x_s and x_{s+1}, so the maps of the later
 * steps do not depend on them. The one row they touch, x_firstStep, then keeps its drawn value instead of the
 * reference's "correction" μ + σ·z, which equals it up to rounding.
 */
public final class EditFriendlyInversion {

    private static final float ETA = 1f;

    private final DdimSchedule schedule;
    private final CiaDenoiser denoiser;
    private final float guidanceScale;

    /** An inversion on {@code schedule} with {@code denoiser} and classifier-free guidance {@code guidanceScale}. */
    public EditFriendlyInversion(DdimSchedule schedule, CiaDenoiser denoiser, double guidanceScale) {
        this.schedule = schedule;
        this.denoiser = denoiser;
        this.guidanceScale = (float) guidanceScale;
    }

    /**
     * Inverts the latent {@code x0} [1, C, h, w] (VAE mode × 0.18215) under the prompt's {@code embeddings} and the
     * empty prompt's {@code emptyEmbeddings} (each [1, 77, D]) for the steps {@code firstStep}.., asking
     * {@code cancelled} before each step. The result's arrays belong to {@code manager}.
     *
     * @throws CancellationException when {@code cancelled} answered true
     */
    public Inversion invert(NDArray x0, NDArray embeddings, NDArray emptyEmbeddings, InversionNoise noise,
            int firstStep, StepHook hook, BooleanSupplier cancelled, NDManager manager) {
        int steps = schedule.steps();
        Shape shape = x0.getShape();
        if (shape.dimension() != 4 || shape.get(0) != 1) {
            throw new IllegalArgumentException("x0 must be [1, C, h, w], got " + shape);
        }
        Shape rowShape = shape.slice(1);
        // xts.get(r) is x_t of step firstStep + r; the last entry is x0.
        List<NDArray> xts = new ArrayList<>();
        for (int index = firstStep; index < steps; index++) {
            xts.add(drawn(x0, index, noise, rowShape, manager));
        }
        try (NDManager scope = manager.newSubManager()) {
            x0.tempAttach(scope);
            NDArray clean = x0.reshape(rowShape).duplicate();
            clean.attach(manager);
            xts.add(clean);
        }
        NDArray[] zs = new NDArray[steps - firstStep];
        int total = steps - firstStep;
        for (int index = steps - 1; index >= firstStep; index--) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("inversion cancelled before step " + index);
            }
            int row = index - firstStep;
            int t = schedule.timestep(index);
            NDArray replaced;
            try (NDManager scope = manager.newSubManager()) {
                NDArray xt = xts.get(row);
                NDArray drawnPrevious = xts.get(row + 1);
                xt.tempAttach(scope);
                drawnPrevious.tempAttach(scope);
                NDArray batch = xt.expandDims(0);
                NDArray mean = schedule.stepMean(batch, t, guidedNoise(batch, t, embeddings, emptyEmbeddings), ETA)
                        .squeeze(0);
                float sigma = schedule.noiseScale(t, ETA);
                NDArray z = drawnPrevious.sub(mean).div(sigma);
                // The reference writes μ + σ·z back over x_{t-1}: its own value up to rounding.
                NDArray corrected = mean.add(z.mul(sigma));
                z.attach(manager);
                corrected.attach(manager);
                zs[row] = z;
                replaced = xts.set(row + 1, corrected);
            }
            replaced.close();
            hook.afterStep(steps - index, total, xts.get(row + 1));
        }
        zs[total - 1].close();
        zs[total - 1] = manager.zeros(rowShape);
        NDArray stackedXts = NDArrays.stack(new NDList(xts));
        NDArray stackedZs = NDArrays.stack(new NDList(zs));
        xts.forEach(NDArray::close);
        for (NDArray z : zs) {
            z.close();
        }
        return new Inversion(stackedXts, stackedZs, firstStep, steps);
    }

    /** ε̂ = ε(∅) + w·(ε(prompt) − ε(∅)) for x_t [1, C, h, w]. */
    private NDArray guidedNoise(NDArray xt, int t, NDArray embeddings, NDArray emptyEmbeddings) {
        NDArray unconditional = denoiser.predict(xt, t, emptyEmbeddings);
        NDArray conditional = denoiser.predict(xt, t, embeddings);
        return unconditional.add(conditional.sub(unconditional).mul(guidanceScale));
    }

    private NDArray drawn(NDArray x0, int index, InversionNoise noise, Shape rowShape, NDManager manager) {
        float alphaBar = schedule.alphaBar(schedule.timestep(index));
        try (NDManager scope = manager.newSubManager()) {
            x0.tempAttach(scope);
            NDArray epsilon = noise.draw(index, rowShape, scope);
            NDArray signal = x0.reshape(rowShape).mul((float) Math.sqrt(alphaBar));
            NDArray drawn = signal.add(epsilon.mul((float) Math.sqrt(1f - alphaBar)));
            drawn.attach(manager);
            return drawn;
        }
    }
}
