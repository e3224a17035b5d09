package dev.chimera.contract.images;

import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.contract.params.SpliceParams;
import java.util.Optional;

/**
 * The shapes of input image a method can work on ({@code image_aspect} otherwise). Every input's longer side is at
 * most {@value #MAX_ASPECT_RATIO} times its shorter side. Splice also needs, after it scales the longer side down
 * to {@code maxImageSide}, a width and 95 % of a height (its random crops) of at least {@value #SPLICE_MINIMUM_SIDE}
 * pixels: each of its five scales halves the picture and the deepest BatchNorm needs a 2×2 map
 * ({@code SkipConfig.minimumSide()} in model-core, which the worker checks again).
 */
public final class InputShape {

    /** Largest ratio of an input's longer side to its shorter side. */
    public static final int MAX_ASPECT_RATIO = 16;
    /** Shortest side Splice's generator trains on: 2^5 + 1. */
    public static final int SPLICE_MINIMUM_SIDE = 33;
    /** The least share of the height Splice's random crops keep ({@code SpliceAugmentations.MIN_CROP_SCALE}). */
    public static final double SPLICE_MIN_CROP_SCALE = 0.95;

    private InputShape() {
    }

    /** The problem with a {@code width}×{@code height} input of a job with {@code params}, if there is one. */
    public static Optional<Problem> check(MethodParams params, int width, int height, String field) {
        int shorter = Math.min(width, height);
        int longer = Math.max(width, height);
        if (longer > (long) MAX_ASPECT_RATIO * shorter) {
            return Optional.of(new Problem(ProblemCode.IMAGE_ASPECT, field, "is " + width + "x" + height
                    + " pixels; the longer side may be at most " + MAX_ASPECT_RATIO + " times the shorter"));
        }
        if (params instanceof SpliceParams splice) {
            return spliceCheck(splice.maxImageSide(), width, height, field);
        }
        return Optional.empty();
    }

    /** The worker's scaling ({@code SplicePipeline.limited}) then its trainable-size rule. */
    private static Optional<Problem> spliceCheck(int maxImageSide, int width, int height, String field) {
        long scaledHeight = height;
        long scaledWidth = width;
        int longer = Math.max(width, height);
        if (longer > maxImageSide) {
            double scale = (double) maxImageSide / longer;
            scaledHeight = Math.max(1, Math.round(height * scale));
            scaledWidth = Math.max(1, Math.round(width * scale));
        }
        if (Math.min(Math.floor(SPLICE_MIN_CROP_SCALE * scaledHeight), scaledWidth) < SPLICE_MINIMUM_SIDE) {
            return Optional.of(new Problem(ProblemCode.IMAGE_ASPECT, field, "is " + width + "x" + height
                    + " pixels, " + scaledWidth + "x" + scaledHeight + " after scaling to maxImageSide "
                    + maxImageSide + "; Splice needs its width and 95% of its height to be at least "
                    + SPLICE_MINIMUM_SIDE + " pixels"));
        }
        return Optional.empty();
    }
}
