package dev.chimera.model.splice;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The per-step data augmentation of Splice's dataset, computed with tensor ops on the images' device: A gets a
 * horizontal flip with p 0.5, {@code ColorJitter(0.4, 0.4, 0.2, 0.1)} with p 0.5 and {@code GaussianBlur(3)} (sigma
 * from U(0.1, 2)) with p 0.2, in that order; B gets the flip only; then each takes one random square crop whose side
 * is round(U(0.95·h, h)) capped at the width, at a uniformly random position. The jitter and blur follow
 * torchvision's tensor semantics (factors drawn first, the four adjustments in a random order, blends clamped to
 * [0, 1], HSV hue rotation, reflect-padded blur). Every random number comes from the given {@link SpliceRandom}, so a
 * run is reproducible and resumable, but the draws are not torchvision's: a seed does not give the reference's crops.
 */
public final class SpliceAugmentations {

    /** The smallest crop side as a share of the image height. */
    public static final double MIN_CROP_SCALE = 0.95;
    private static final float[] GRAY = {0.2989f, 0.587f, 0.114f};

    /** The augmented square crops of one step. */
    public record Crops(NDArray globalA, NDArray globalB) {
    }

    /**
     * Draws the augmentations and crops of one step for the images A and B ([1, 3, H, W] in [0, 1]); the results and
     * every intermediate are owned by {@code manager}, the inputs are left untouched.
     */
    public Crops sample(NDArray a, NDArray b, SpliceRandom random, NDManager manager) {
        NDArray augmentedA = flip(copy(a, manager), random);
        if (random.chance(0.5)) {
            augmentedA = colorJitter(augmentedA, random);
        }
        if (random.chance(0.2)) {
            augmentedA = gaussianBlur(augmentedA, random.uniform(0.1, 2.0));
        }
        NDArray cropA = squareCrop(augmentedA, random);
        NDArray cropB = squareCrop(flip(copy(b, manager), random), random);
        return new Crops(cropA, cropB);
    }

    private static NDArray copy(NDArray image, NDManager manager) {
        Shape shape = image.getShape();
        if (shape.dimension() != 4 || shape.get(0) != 1 || shape.get(1) != 3) {
            throw new IllegalArgumentException("Splice augments one RGB image [1, 3, H, W], got " + shape);
        }
        NDArray copy = image.duplicate();
        copy.attach(manager);
        return copy;
    }

    private static NDArray flip(NDArray image, SpliceRandom random) {
        return random.chance(0.5) ? image.flip(3) : image;
    }

    /** The side and position of one square crop of an image of {@code height}×{@code width}: {top, left, side}. */
    static int[] cropWindow(long height, long width, SpliceRandom random) {
        int side = (int) Math.min(Math.round(random.uniform(MIN_CROP_SCALE * height, height)), width);
        int top = random.nextInt((int) height - side + 1);
        int left = random.nextInt((int) width - side + 1);
        return new int[] {top, left, side};
    }

    private static NDArray squareCrop(NDArray image, SpliceRandom random) {
        int[] w = cropWindow(image.getShape().get(2), image.getShape().get(3), random);
        return image.get(":, :, " + w[0] + ":" + (w[0] + w[2]) + ", " + w[1] + ":" + (w[1] + w[2]));
    }

    private static NDArray colorJitter(NDArray image, SpliceRandom random) {
        int[] order = {0, 1, 2, 3};
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float brightness = (float) random.uniform(0.6, 1.4);
        float contrast = (float) random.uniform(0.6, 1.4);
        float saturation = (float) random.uniform(0.8, 1.2);
        float hue = (float) random.uniform(-0.1, 0.1);
        NDArray out = image;
        for (int adjustment : order) {
            switch (adjustment) {
                case 0 -> out = out.mul(brightness).clip(0, 1);
                case 1 -> out = blend(out, grayscale(out).mean(), contrast);
                case 2 -> out = blend(out, grayscale(out), saturation);
                default -> out = adjustHue(out, hue);
            }
        }
        return out;
    }

    private static NDArray blend(NDArray image, NDArray other, float ratio) {
        return image.mul(ratio).add(other.mul(1 - ratio)).clip(0, 1);
    }

    private static NDArray grayscale(NDArray image) {
        return channel(image, 0).mul(GRAY[0]).add(channel(image, 1).mul(GRAY[1])).add(channel(image, 2).mul(GRAY[2]));
    }

    private static NDArray channel(NDArray image, int c) {
        return image.get(":, " + c + ":" + (c + 1));
    }

    /** torchvision's {@code adjust_hue}: to HSV, rotate the hue by {@code factor} turns, back to RGB. */
    static NDArray adjustHue(NDArray image, float factor) {
        NDArray r = channel(image, 0);
        NDArray g = channel(image, 1);
        NDArray b = channel(image, 2);
        NDArray maxc = image.max(new int[] {1}, true);
        NDArray minc = image.min(new int[] {1}, true);
        NDArray equal = maxc.eq(minc);
        NDArray ones = maxc.onesLike();
        NDArray chroma = maxc.sub(minc);
        NDArray s = chroma.div(NDArrays.where(equal, ones, maxc));
        NDArray divisor = NDArrays.where(equal, ones, chroma);
        NDArray rc = maxc.sub(r).div(divisor);
        NDArray gc = maxc.sub(g).div(divisor);
        NDArray bc = maxc.sub(b).div(divisor);
        NDArray isR = maxc.eq(r);
        NDArray isG = maxc.eq(g).logicalAnd(isR.logicalNot());
        NDArray isB = isG.logicalOr(isR).logicalNot();
        NDArray h = mask(isR, bc.sub(gc)).add(mask(isG, rc.sub(bc).add(2f))).add(mask(isB, gc.sub(rc).add(4f)));
        // Rotating in [0, 1) turns: h/6 is in (-1/6, 1), so adding 2 keeps the remainder's argument positive.
        h = h.div(6f).add(2f + factor).mod(1f);
        NDArray v = maxc;
        NDArray sector = h.mul(6f).floor();
        NDArray f = h.mul(6f).sub(sector);
        NDArray p = v.mul(s.mul(-1f).add(1f)).clip(0, 1);
        NDArray q = v.mul(s.mul(f).mul(-1f).add(1f)).clip(0, 1);
        NDArray t = v.mul(s.mul(f.mul(-1f).add(1f)).mul(-1f).add(1f)).clip(0, 1);
        sector = sector.mod(6f);
        NDArray[][] table = {{v, q, p, p, t, v}, {t, v, v, q, p, p}, {p, p, t, v, v, q}};
        NDList rgb = new NDList();
        for (NDArray[] row : table) {
            NDArray sum = null;
            for (int k = 0; k < 6; k++) {
                NDArray term = mask(sector.eq((float) k), row[k]);
                sum = sum == null ? term : sum.add(term);
            }
            rgb.add(sum);
        }
        return NDArrays.concat(rgb, 1);
    }

    private static NDArray mask(NDArray condition, NDArray values) {
        return condition.toType(values.getDataType(), false).mul(values);
    }

    /** torchvision's {@code gaussian_blur} with a 3×3 kernel: separable weights, reflect padding of one pixel. */
    static NDArray gaussianBlur(NDArray image, double sigma) {
        double edge = Math.exp(-0.5 / (sigma * sigma));
        float outer = (float) (edge / (1 + 2 * edge));
        float centre = (float) (1 / (1 + 2 * edge));
        return blurAxis(blurAxis(image, 3, outer, centre), 2, outer, centre);
    }

    private static NDArray blurAxis(NDArray image, int axis, float outer, float centre) {
        long size = image.getShape().get(axis);
        String prefix = axis == 3 ? ":, :, :, " : ":, :, ";
        NDArray padded = NDArrays.concat(new NDList(image.get(prefix + "1:2"), image,
                image.get(prefix + (size - 2) + ":" + (size - 1))), axis);
        NDArray before = padded.get(prefix + "0:" + size);
        NDArray middle = padded.get(prefix + "1:" + (size + 1));
        NDArray after = padded.get(prefix + "2:" + (size + 2));
        return before.add(after).mul(outer).add(middle.mul(centre));
    }
}
