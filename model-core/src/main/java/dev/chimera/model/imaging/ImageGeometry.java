package dev.chimera.model.imaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Resizing and cropping of images (C×H×W or N×C×H×W float) and label maps (integer, same layouts) the way the
 * reference data loaders prepare their inputs with torchvision and PIL.
 */
public final class ImageGeometry {

    private ImageGeometry() {
    }

    /**
     * Resizes to {@code height}×{@code width} with a triangle filter as torchvision's {@code Resize} (antialias on)
     * and PIL's {@code BILINEAR} compute it: when shrinking, the filter widens to cover every source pixel, so a
     * large photo does not alias; when enlarging it is plain bilinear with half-pixel centres
     * ({@code align_corners=False}). Float32 in, float32 out.
     */
    public static NDArray resizeBilinear(NDArray image, int height, int width) {
        Planes source = Planes.of(image, height, width);
        float[] resized = triangleResized(RgbPixels.floats(image), source, height, width, 0, 0, height, width);
        return image.getManager().create(resized, source.withSize(height, width));
    }

    /**
     * Resizes an 8-bit picture (samples k/255 in [0, 1]) to {@code height}×{@code width} exactly as Pillow's default
     * {@code Image.resize} does to an RGB picture ({@code BICUBIC}, in 8-bit fixed point with a rounded intermediate
     * row pass); the result holds 8-bit levels again. Float32 in, float32 out.
     */
    public static NDArray resizeBicubic8Bit(NDArray image, int height, int width) {
        Planes source = Planes.of(image, height, width);
        float[] samples = RgbPixels.floats(image);
        int[] levels = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            levels[i] = Math.round(Math.min(Math.max(samples[i], 0f), 1f) * 255f);
        }
        int[] resized = PilBicubic.resize(levels, source.count(), source.height(), source.width(), height, width);
        float[] out = new float[resized.length];
        for (int i = 0; i < resized.length; i++) {
            out[i] = resized[i] / 255f;
        }
        return image.getManager().create(out, source.withSize(height, width));
    }

    /**
     * Resizes a label map to {@code height}×{@code width} by PIL's {@code NEAREST}, as the reference data loaders
     * resize label PNGs: output pixel i takes source pixel {@code floor((i + 0.5) · in / out)}. Classes are never
     * blended. The result is int64.
     */
    public static NDArray resizeNearest(NDArray labelMap, int height, int width) {
        Planes source = Planes.of(labelMap, height, width);
        long[] labels = labelMap.getDataType() == DataType.INT64 ? labelMap.toLongArray() : converted(labelMap);
        int[] rowsFrom = nearestSources(source.height(), height);
        int[] columnsFrom = nearestSources(source.width(), width);
        long[] resized = new long[source.count() * height * width];
        for (int p = 0; p < source.count(); p++) {
            for (int y = 0; y < height; y++) {
                int from = (p * source.height() + rowsFrom[y]) * source.width();
                int to = (p * height + y) * width;
                for (int x = 0; x < width; x++) {
                    resized[to + x] = labels[from + columnsFrom[x]];
                }
            }
        }
        return labelMap.getManager().create(resized, source.withSize(height, width));
    }

    /**
     * Cuts the centred {@code height}×{@code width} window, placed as torchvision's {@code CenterCrop} places it:
     * offset {@code round((in − out) / 2)} with halves rounded to even, as Python's {@code round} does.
     */
    public static NDArray centerCrop(NDArray image, int height, int width) {
        Planes source = Planes.of(image, height, width);
        if (height > source.height() || width > source.width()) {
            throw new IllegalArgumentException("cannot crop " + height + "x" + width + " from "
                    + source.height() + "x" + source.width());
        }
        int top = centeredOffset(source.height(), height);
        int left = centeredOffset(source.width(), width);
        String leading = image.getShape().dimension() == 4 ? ":, :, " : ":, ";
        return image.get(new NDIndex(leading + "{}:{}, {}:{}", top, top + height, left, left + width));
    }

    /**
     * torchvision's {@code Resize(size)} then {@code CenterCrop(size)}, as Neural Crossbreed's test script prepares
     * its inputs: the short side becomes {@code size}, the long side {@code floor(size · long / short)}, then the
     * centred square is kept.
     */
    public static NDArray resizeShortSideAndCenterCrop(NDArray image, int size) {
        Planes source = Planes.of(image, size, size);
        int shortSide = Math.min(source.height(), source.width());
        int longSide = (int) ((double) size * Math.max(source.height(), source.width()) / shortSide);
        boolean portrait = source.height() > source.width();
        int height = portrait ? longSide : size;
        int width = portrait ? size : longSide;
        // Only the kept square is computed: a 1×20000 picture would otherwise resize to 128×2,560,000 first.
        float[] square = triangleResized(RgbPixels.floats(image), source, height, width, centeredOffset(height, size),
                centeredOffset(width, size), size, size);
        return image.getManager().create(square, source.withSize(size, size));
    }

    /**
     * Separable triangle filtering to {@code height}×{@code width}, along each row, then down each column, computing
     * only the {@code outHeight}×{@code outWidth} window at ({@code top}, {@code left}) of the resized picture.
     */
    private static float[] triangleResized(float[] samples, Planes source, int height, int width, int top, int left,
            int outHeight, int outWidth) {
        float[] rows = new float[source.count() * source.height() * outWidth];
        Taps across = Taps.triangle(source.width(), width, left, outWidth);
        for (int row = 0; row < source.count() * source.height(); row++) {
            across.apply(samples, row * source.width(), 1, rows, row * outWidth, 1);
        }
        float[] resized = new float[source.count() * outHeight * outWidth];
        Taps down = Taps.triangle(source.height(), height, top, outHeight);
        for (int p = 0; p < source.count(); p++) {
            for (int x = 0; x < outWidth; x++) {
                down.apply(rows, p * source.height() * outWidth + x, outWidth, resized, p * outHeight * outWidth + x,
                        outWidth);
            }
        }
        return resized;
    }

    /** torchvision's crop offset: {@code round((in − out) / 2)}, halves to even like Python's {@code round}. */
    private static int centeredOffset(int in, int out) {
        return (int) Math.rint((in - out) / 2.0);
    }

    /** PIL's nearest sampling positions: source index of each output index along one axis. */
    private static int[] nearestSources(int in, int out) {
        int[] sources = new int[out];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            sources[i] = Math.min((int) Math.floor((i + 0.5) * scale), in - 1);
        }
        return sources;
    }

    private static long[] converted(NDArray labelMap) {
        try (NDArray labels = labelMap.toType(DataType.INT64, true)) {
            return labels.toLongArray();
        }
    }

    /** An image as {@code count} planes of {@code height}×{@code width} samples, with its leading axes kept. */
    private record Planes(Shape leading, int count, int height, int width) {

        static Planes of(NDArray image, int targetHeight, int targetWidth) {
            Shape shape = image.getShape();
            if (shape.dimension() != 3 && shape.dimension() != 4) {
                throw new IllegalArgumentException("an image must be CxHxW or NxCxHxW, got " + shape);
            }
            if (targetHeight <= 0 || targetWidth <= 0) {
                throw new IllegalArgumentException("target size must be positive, got " + targetHeight + "x"
                        + targetWidth);
            }
            Shape leading = shape.slice(0, shape.dimension() - 2);
            return new Planes(leading, (int) leading.size(), (int) shape.get(shape.dimension() - 2),
                    (int) shape.getLastDimension());
        }

        Shape withSize(int height, int width) {
            return leading.addAll(new Shape(height, width));
        }
    }
}
