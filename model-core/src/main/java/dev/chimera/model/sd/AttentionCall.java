package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * One forward of an {@link Attention} module as its processor sees it: the module's place in the network and its
 * projected queries, keys and values, before the heads are split.
 *
 * @param path the module's dotted state-dict name, e.g. {@code up_blocks.3.attentions.0.transformer_blocks.0.attn1}
 * @param selfAttention whether keys and values come from the module's own input (no encoder states given)
 * @param tokens the number of query tokens (H·W of the feature map)
 * @param heads the number of attention heads
 * @param query to_q output [B, tokens, inner]
 * @param key to_k output [B, keys, inner]
 * @param value to_v output [B, keys, inner]
 */
public record AttentionCall(String path, boolean selfAttention, long tokens, int heads, NDArray query, NDArray key,
        NDArray value) {

    /** A copy of this call with other keys and values, as a processor that injects another image's passes on. */
    public AttentionCall withKeysAndValues(NDArray newKey, NDArray newValue) {
        return new AttentionCall(path, selfAttention, tokens, heads, query, newKey, newValue);
    }
}
