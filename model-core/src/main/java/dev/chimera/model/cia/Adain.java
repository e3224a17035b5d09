package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * CIA's AdaIN on one latent ({@code utils/adain.py}): re-normalises the content latent [C, h, w] to the style latent's
 * per-channel mean and standard deviation (unbiased variance + 1e-5), over the whole map or only inside masks. The
 * intermediates belong to the inputs' managers: call it inside a scope.
 */
public final class Adain {

    private static final float EPS = 1e-5f;

    private Adain() {
    }

    /** {@code adain(content, style)}: (content − μ_c)/σ_c·σ_s + μ_s per channel. */
    public static NDArray plain(NDArray content, NDArray style) {
        NDArray everywhere = content.get(0).onesLike();
        return Moments.of(style, everywhere).restyle(Moments.of(content, everywhere).normalise(content));
    }

    /**
     * {@code masked_adain(content, style, contentMask, styleMask)}: the statistics come from the pixels where each
     * mask [h, w] is 1, and only the content's masked pixels change.
     */
    public static NDArray masked(NDArray content, NDArray style, NDArray contentMask, NDArray styleMask) {
        NDArray inside = contentMask.toType(DataType.FLOAT32, false);
        NDArray restyled = Moments.of(style, styleMask.toType(DataType.FLOAT32, false))
                .restyle(Moments.of(content, inside).normalise(content));
        return content.mul(inside.neg().add(1f)).add(restyled.mul(inside));
    }

    /** Per-channel mean and √(unbiased variance + eps), each [C, 1, 1]. */
    private record Moments(NDArray mean, NDArray std) {

        /** The moments of {@code feature} [C, h, w] over the pixels where {@code weights} [h, w] is 1. */
        static Moments of(NDArray feature, NDArray weights) {
            long channels = feature.getShape().get(0);
            NDArray flat = feature.reshape(channels, -1);
            NDArray w = weights.reshape(1, -1);
            NDArray count = w.sum();
            NDArray mean = flat.mul(w).sum(new int[] {1}, true).div(count);
            NDArray variance = flat.sub(mean).square().mul(w).sum(new int[] {1}, true).div(count.sub(1f));
            return new Moments(mean.reshape(channels, 1, 1), variance.add(EPS).sqrt().reshape(channels, 1, 1));
        }

        NDArray normalise(NDArray feature) {
            return feature.sub(mean).div(std);
        }

        NDArray restyle(NDArray normalised) {
            return normalised.mul(std).add(mean);
        }
    }
}
