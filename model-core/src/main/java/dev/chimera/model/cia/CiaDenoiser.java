package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;

/**
 * The noise predictor CIA's sampler calls: SD's FreeU UNet with CIA's attention processor on every attention layer.
 * Implementations hold the UNet and choose how the transfer's two predictions are computed. Every returned array
 * belongs to the manager of {@code latents}, and a call leaves nothing else behind in any manager.
 */
public interface CiaDenoiser {

    /**
     * ε for {@code latents} [B, C, h, w] at {@code timestep} under {@code embeddings} [B, 77, D], cross-image attention
     * off ({@code enable_edit} False: the inversion's calls).
     */
    NDArray predict(NDArray latents, int timestep, NDArray embeddings);

    /**
     * The transfer step's two predictions for the batch [OUT, APPEARANCE, STRUCTURE] at {@code timestep}: with the
     * swap ({@code perform_swap} True) and without, while CIA's model step counter is {@code modelStep}; when
     * {@code capture} is set, also the attention maps the self-segmentation reads.
     */
    SwapPredictions predictTransfer(NDArray latents, int timestep, NDArray embeddings, int modelStep,
            boolean capture);
}
