package dev.chimera.model.clip;

import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * What {@code CLIPTextModel} returns for ids [B, T].
 *
 * @param lastHiddenState final_layer_norm of the last layer's output, [B, T, hidden]: SD's encoder_hidden_states
 * @param poolerOutput the row of lastHiddenState at the first end-of-text (the largest id) of each prompt, [B, hidden]
 * @param hiddenStates when asked for: the embeddings, then each layer's output before the final norm, [B, T, hidden]
 *     each; otherwise empty
 */
public record ClipTextOutput(NDArray lastHiddenState, NDArray poolerOutput, List<NDArray> hiddenStates) {

    /** Copies the list. */
    public ClipTextOutput {
        hiddenStates = List.copyOf(hiddenStates);
    }
}
