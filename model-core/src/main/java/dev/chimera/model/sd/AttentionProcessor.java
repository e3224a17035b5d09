package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * The hook every {@link Attention} forward goes through (diffusers' attention processor): given the projected
 * queries, keys and values, it returns the attention output [B, tokens, inner] with the heads merged, before
 * {@code to_out}. A processor is handed to each network forward, so two calls can attend differently.
 */
@FunctionalInterface
public interface AttentionProcessor {

    /** diffusers' {@code AttnProcessor}: plain softmax(Q Kᵀ / √d) V, computed in chunks of query rows. */
    AttentionProcessor PLAIN = call -> ScaledDotProductAttention.attend(call, ProbabilityEdit.NONE);

    /** The attention output of one module forward. */
    NDArray attend(AttentionCall call);
}
