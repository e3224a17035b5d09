package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * Neural Crossbreed's morphing (test.py): the basic transition, where content and style move together, and the
 * disentangled content × style grid with truncation tau. Every frame of a sequence is computed in one batched pass.
 */
public final class CrossbreedMorph {

    private final CrossbreedGenerator generator;

    /** Morphs with a loaded {@code generator}. */
    public CrossbreedMorph(CrossbreedGenerator generator) {
        this.generator = generator;
    }

    /** The disentangled frames with the truncated alphas actually used, frame r·n + c at a_c[c], a_s[r] before tau. */
    public record Grid(NDArray frames, NDArray alphaContent, NDArray alphaStyle) {
    }

    /** test.py's alpha list for {@code frames} frames (niter + 2): {@code torch.linspace(0, 1, frames)}, float32. */
    public static NDArray alphas(NDManager manager, int frames) {
        if (frames < 2) {
            throw new IllegalArgumentException("a morph needs at least 2 frames, got " + frames);
        }
        return manager.linspace(0f, 1f, frames);
    }

    /** The basic transition: frame i at a_c = a_s = alphas[i]; raw tanh output [n, 3, H, W]. */
    public NDArray basic(ParameterStore store, NDArray xA, NDArray xB, NDArray alphas) {
        return generator.generate(store, xA, xB, alphas, alphas);
    }

    /**
     * The disentangled grid: for rows r and columns c, a_c = alphas[c] and a_s = alphas[r], pulled towards each other
     * by tau as test.py's {@code truncation} does in float32: a_c' = a_c + tau·(a_s − a_c)/2, a_s' = a_s + tau·(a_c −
     * a_s)/2.
     *
     * @param tau the truncation, shape [1] (test.py's {@code torch.tensor([tau])})
     */
    public Grid disentangled(ParameterStore store, NDArray xA, NDArray xB, NDArray alphas, NDArray tau) {
        long n = alphas.size();
        NDArray alphaContent = alphas.reshape(1, n).broadcast(n, n).reshape(n * n);
        NDArray alphaStyle = alphas.reshape(n, 1).broadcast(n, n).reshape(n * n);
        NDArray truncatedContent = alphaContent.add(tau.mul(alphaStyle.sub(alphaContent)).div(2f));
        NDArray truncatedStyle = alphaStyle.add(tau.mul(alphaContent.sub(alphaStyle)).div(2f));
        NDArray frames = generator.generate(store, xA, xB, truncatedContent, truncatedStyle);
        return new Grid(frames, truncatedContent, truncatedStyle);
    }

    /** test.py's {@code normalize_tensor}: the tanh output mapped to [0, 1] by (y + 1)/2, clamped. */
    public static NDArray toUnitRange(NDArray frames) {
        return frames.add(1f).div(2f).clip(0f, 1f);
    }
}
