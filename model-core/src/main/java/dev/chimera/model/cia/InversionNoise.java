package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The noise ε of edit-friendly inversion's forward draws x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε, one independent map per
 * inference step ({@code torch.randn_like} in {@code sample_xts_from_x0}).
 */
public interface InversionNoise {

    /** The standard normal map of {@code shape} for the inference step at {@code index}, owned by {@code manager}. */
    NDArray draw(int index, Shape shape, NDManager manager);
}
