package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.Upsample(scale_factor=s)} with an integer factor, and the reference's resize functions. */
public final class Upsample extends UnaryModule {

    /** The interpolation kinds the reference networks use. */
    public enum Mode {
        /** torch's legacy "nearest": output pixel i takes input pixel floor(i · in/out). */
        NEAREST,
        /** bilinear with align_corners=False and no antialiasing: source (i + 0.5) · in/out − 0.5, clamped at 0. */
        BILINEAR
    }

    /** DJL's code for nearest-neighbour interpolation, which libtorch runs without antialiasing. */
    private static final int DJL_NEAREST = 0;

    private final int scale;
    private final Mode mode;

    /** Upsamples by the integer {@code scale} in both directions. */
    public Upsample(int scale, Mode mode) {
        if (scale <= 0) {
            throw new IllegalArgumentException("scale factor must be positive, got " + scale);
        }
        this.scale = scale;
        this.mode = mode;
    }

    /**
     * Resizes {@code x} [N, C, H, W] to {@code height}×{@code width}, as {@code F.interpolate(x, size=(h, w))}.
     * Bilinear resizing is two matrix products in every direction: DJL always asks libtorch for its antialiased
     * kernel, which differs from torch's default when shrinking and is a rarely used, CPU-specific code path (forward
     * and backward) when enlarging.
     */
    public static NDArray resize(NDArray x, long height, long width, Mode mode) {
        requireImageBatch(x.getShape(), -1, "resize");
        if (mode == Mode.BILINEAR) {
            return BilinearResize.resize(x, height, width);
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, DJL_NEAREST, false);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        Shape out = outputShape(x.getShape());
        return resize(x, out.get(2), out.get(3), mode);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, -1, "Upsample");
        return new Shape(input.get(0), input.get(1), input.get(2) * scale, input.get(3) * scale);
    }
}
