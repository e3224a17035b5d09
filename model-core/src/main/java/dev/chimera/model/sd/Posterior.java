package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' {@code DiagonalGaussianDistribution} of the VAE encoder.
 *
 * @param moments quant_conv output [B, 2·latent, h, w]
 * @param mean the first half of the moments, which is also the mode
 * @param logvar the second half, clamped to [−30, 20]
 */
public record Posterior(NDArray moments, NDArray mean, NDArray logvar) {

    /** Splits quant_conv's output as the reference does. */
    static Posterior of(NDArray moments) {
        long half = moments.getShape().get(1) / 2;
        NDArray mean = moments.get(":, :{}", half);
        NDArray logvar = moments.get(":, {}:", half).clip(-30f, 20f);
        return new Posterior(moments, mean, logvar);
    }

    /** The mode of the distribution, its mean. */
    public NDArray mode() {
        return mean;
    }
}
