package dev.chimera.model.cia;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;

/**
 * Stable Diffusion 1.5's DDIM scheduler (diffusers v0.19.3 {@code DDIMScheduler} with SD's scheduler config:
 * scaled_linear betas 0.00085 → 0.012 over 1000 training steps, steps_offset 1, set_alpha_to_one false, leading
 * spacing) set to a number of inference steps, with the DDPM step CIA takes with it ({@code perform_ddpm_step}).
 * The ᾱ table is a float32 cumulative product, as diffusers computes it.
 */
public final class DdimSchedule {

    /** SD-1.5's number of training timesteps. */
    public static final int TRAIN_TIMESTEPS = 1000;
    private static final double BETA_START = 0.00085;
    private static final double BETA_END = 0.012;
    private static final int STEPS_OFFSET = 1;

    private final float[] betas;
    private final float[] alphasCumprod;
    private final int[] timesteps;

    private DdimSchedule(float[] betas, float[] alphasCumprod, int[] timesteps) {
        this.betas = betas;
        this.alphasCumprod = alphasCumprod;
        this.timesteps = timesteps;
    }

    /** SD-1.5's schedule set to {@code steps} inference steps ({@code set_timesteps(steps)}). */
    public static DdimSchedule stableDiffusion(int steps) {
        if (steps < 1 || steps > TRAIN_TIMESTEPS) {
            throw new IllegalArgumentException("steps must be 1.." + TRAIN_TIMESTEPS + ", got " + steps);
        }
        float[] betas = new float[TRAIN_TIMESTEPS];
        float[] alphasCumprod = new float[TRAIN_TIMESTEPS];
        float start = (float) Math.sqrt(BETA_START);
        float end = (float) Math.sqrt(BETA_END);
        // torch.linspace in float32: the first half counts up from start, the second down from end.
        float step = (end - start) / (TRAIN_TIMESTEPS - 1);
        float product = 1f;
        for (int i = 0; i < TRAIN_TIMESTEPS; i++) {
            float root = i < TRAIN_TIMESTEPS / 2 ? start + step * i : end - step * (TRAIN_TIMESTEPS - 1 - i);
            betas[i] = root * root;
            product *= 1f - betas[i];
            alphasCumprod[i] = product;
        }
        int ratio = TRAIN_TIMESTEPS / steps;
        int[] timesteps = new int[steps];
        for (int i = 0; i < steps; i++) {
            timesteps[i] = (steps - 1 - i) * ratio + STEPS_OFFSET;
        }
        return new DdimSchedule(betas, alphasCumprod, timesteps);
    }

    /** The inference timesteps, largest first (991, 981, …, 1 for 100 steps). */
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The number of inference steps. */
    public int steps() {
        return timesteps.length;
    }

    /** The inference timestep at {@code index} (0 is the noisiest). */
    public int timestep(int index) {
        return timesteps[index];
    }

    /** β over the training timesteps. */
    public float[] betas() {
        return betas.clone();
    }

    /** ᾱ over the training timesteps, a float32 cumulative product. */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** ᾱ at the step before timestep 0 ({@code final_alpha_cumprod}: ᾱ₀, since set_alpha_to_one is false). */
    public float finalAlphaCumprod() {
        return alphasCumprod[0];
    }

    /** ᾱ_t. */
    public float alphaBar(int t) {
        return alphasCumprod[t];
    }

    /** ᾱ of the timestep one inference step below {@code t}, or the final ᾱ below 0. */
    public float previousAlphaBar(int t) {
        int previous = t - TRAIN_TIMESTEPS / timesteps.length;
        return previous >= 0 ? alphasCumprod[previous] : finalAlphaCumprod();
    }

    /** σ_t² of DDIM's formula (16): (1 − ᾱ_prev)/(1 − ᾱ_t) · (1 − ᾱ_t/ᾱ_prev), in float32 like the reference. */
    public float variance(int t) {
        float alphaBar = alphaBar(t);
        float previous = previousAlphaBar(t);
        return ((1f - previous) / (1f - alphaBar)) * (1f - alphaBar / previous);
    }

    /**
     * The mean of the DDPM step from {@code latents} at {@code t} with predicted noise {@code eps} and noise scale
     * {@code eta}: √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − η·σ²)·ε with x̂₀ = (x − √(1 − ᾱ_t)·ε)/√ᾱ_t.
     */
    public NDArray stepMean(NDArray latents, int t, NDArray eps, float eta) {
        float alphaBar = alphaBar(t);
        float previous = previousAlphaBar(t);
        float direction = (float) Math.sqrt(1f - previous - eta * variance(t));
        try (NDArray scaledEps = eps.mul((float) Math.sqrt(1f - alphaBar));
                NDArray residual = latents.sub(scaledEps);
                NDArray predictedOriginal = residual.div((float) Math.sqrt(alphaBar));
                NDArray towardsOriginal = predictedOriginal.mul((float) Math.sqrt(previous));
                NDArray towardsNoise = eps.mul(direction)) {
            return towardsOriginal.add(towardsNoise);
        }
    }

    /** The noise scale of the DDPM step at {@code t}: η·σ_t. */
    public float noiseScale(int t, float eta) {
        return eta * (float) Math.sqrt(variance(t));
    }

    /**
     * CIA's {@code perform_ddpm_step}: the step mean plus η·σ_t·z with the given noise map {@code z} (all rows of
     * {@code latents} at once; {@code z} broadcasts or matches row by row).
     */
    public NDArray ddpmStep(NDArray latents, int t, NDArray eps, NDArray z, float eta) {
        try (NDArray mean = stepMean(latents, t, eps, eta); NDArray noise = z.mul(noiseScale(t, eta))) {
            return mean.add(noise);
        }
    }

    @Override
    public String toString() {
        return "DdimSchedule" + Arrays.toString(timesteps);
    }
}
