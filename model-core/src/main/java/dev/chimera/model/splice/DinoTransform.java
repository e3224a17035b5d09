package dev.chimera.model.splice;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.Upsample;

/**
 * The transform Splice applies before the DINO ViT: torchvision's {@code Resize(size, max_size)} on a tensor (short
 * side to {@code size}, long side to floor(size · long/short), both scaled down when the long side would exceed
 * {@code max_size}; bilinear, align_corners false, no antialiasing), then ImageNet {@code Normalize}.
 */
public final class DinoTransform {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int size;
    private final int maxSize;

    /** Resize to a short side of {@code size}, long side at most {@code maxSize} (Splice: 224 and 480). */
    public DinoTransform(int size, int maxSize) {
        if (size <= 0 || maxSize <= size) {
            throw new IllegalArgumentException("invalid Resize(" + size + ", max_size=" + maxSize + ")");
        }
        this.size = size;
        this.maxSize = maxSize;
    }

    /** The output height and width for an input of {@code height}×{@code width}, as torchvision computes them. */
    public long[] outputSize(long height, long width) {
        long shortSide = Math.min(height, width);
        long longSide = Math.max(height, width);
        long newShort = size;
        long newLong = (long) ((double) (size * longSide) / shortSide);
        if (newLong > maxSize) {
            newShort = (long) ((double) (maxSize * newShort) / newLong);
            newLong = maxSize;
        }
        return width <= height ? new long[] {newLong, newShort} : new long[] {newShort, newLong};
    }

    /** Resizes and normalises a batch of RGB images [N, 3, H, W] in [0, 1]. */
    public NDArray apply(NDArray images) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("DINO transform expects [N, 3, H, W], got " + shape);
        }
        long[] out = outputSize(shape.get(2), shape.get(3));
        NDArray resized = out[0] == shape.get(2) && out[1] == shape.get(3) ? images
                : Upsample.resize(images, out[0], out[1], Upsample.Mode.BILINEAR);
        NDArray mean = images.getManager().create(MEAN, new Shape(1, 3, 1, 1)).toType(images.getDataType(), false);
        NDArray std = images.getManager().create(STD, new Shape(1, 3, 1, 1)).toType(images.getDataType(), false);
        return resized.sub(mean).div(std);
    }
}
