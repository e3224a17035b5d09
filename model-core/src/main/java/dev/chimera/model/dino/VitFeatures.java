package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;

/**
 * What Splice reads from one ViT pass over a single image (batch 1), all from the last block.
 *
 * @param keys the last block's keys [heads, tokens, head_dim], sliced from its qkv Linear output (bias included)
 * @param lastBlockOut the last block's output [1, tokens, D], before the final norm
 */
public record VitFeatures(NDArray keys, NDArray lastBlockOut) {

    /** The same features cut from the autograd graph, as targets computed under {@code torch.no_grad()}. */
    public VitFeatures detached() {
        return new VitFeatures(keys.stopGradient(), lastBlockOut.stopGradient());
    }

    /** The CLS token of the last block before the final norm, [D]. */
    public NDArray cls() {
        return lastBlockOut.get(0, 0);
    }

    /**
     * Splice's key self-similarity [1, tokens, tokens]: the keys of each token concatenated over heads (CLS
     * included), then x·yᵀ / max(|x|·|y|, 1e-8) for every pair of tokens.
     */
    public NDArray keysSelfSimilarity() {
        long heads = keys.getShape().get(0);
        long tokens = keys.getShape().get(1);
        long headDim = keys.getShape().get(2);
        NDArray x = keys.transpose(1, 0, 2).reshape(1, tokens, heads * headDim);
        NDArray norms = x.norm(new int[] {2}, true);
        NDArray factor = norms.matMul(norms.transpose(0, 2, 1)).clip(1e-8f, Float.MAX_VALUE);
        return x.matMul(x.transpose(0, 2, 1)).div(factor);
    }
}
