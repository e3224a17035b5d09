package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;

/** Called after each step of a sampling loop with the latents it produced (valid only during the call). */
@FunctionalInterface
public interface StepHook {

    /** A hook that does nothing. */
    StepHook NONE = (done, total, latents) -> { };

    /** Step {@code done} of {@code total} has finished with {@code latents}. */
    void afterStep(int done, int total, NDArray latents);
}
