package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Turns a prompt into the text encoder's last hidden state [1, 77, D] that conditions the UNet (CLIP in SD 1.5). */
@FunctionalInterface
public interface PromptEncoder {

    /** The embeddings of {@code prompt}, owned by {@code manager}. */
    NDArray encode(String prompt, NDManager manager);
}
