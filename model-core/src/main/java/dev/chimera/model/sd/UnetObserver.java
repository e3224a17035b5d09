package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/** Sees the intermediate tensors of a UNet forward (for diagnostics and tests); the default sees nothing. */
public interface UnetObserver {

    /** Observes nothing. */
    UnetObserver NONE = new UnetObserver() {
    };

    /** The sinusoidal time embedding [B, block_out_channels[0]]. */
    default void timeProjection(NDArray tEmb) {
    }

    /** The time MLP's output [B, time_embed_dim]. */
    default void timeEmbedding(NDArray emb) {
    }

    /** The mid block's output. */
    default void midBlockOutput(NDArray sample) {
    }

    /** The input of up block {@code index}, after FreeU when it is on. */
    default void upBlockInput(int index, NDArray sample) {
    }
}
