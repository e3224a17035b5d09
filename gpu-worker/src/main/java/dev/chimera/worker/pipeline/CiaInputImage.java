package dev.chimera.worker.pipeline;

import ai.djl.ndarray.NDArray;
import dev.chimera.model.imaging.ImageGeometry;

/**
 * An input of Cross-Image Attention prepared as CIA's {@code load_size} prepares it: the centred square (offset
 * {@code (long − short) // 2}), resized to {@value #SIZE}² by Pillow's default bicubic filter in 8-bit fixed point, as
 * {@code Image.resize} does it, then mapped to [−1, 1].
 */
final class CiaInputImage {

    /** The side CIA resizes every input to. */
    static final int SIZE = 512;

    private CiaInputImage() {
    }

    /** {@code rgb} [1, 3, H, W] in [0, 1] to [1, 3, 512, 512] in [−1, 1]. */
    static NDArray prepare(NDArray rgb) {
        long height = rgb.getShape().get(2);
        long width = rgb.getShape().get(3);
        long side = Math.min(height, width);
        long top = (height - side) / 2;
        long left = (width - side) / 2;
        NDArray square = rgb.get(":, :, {}:{}, {}:{}", top, top + side, left, left + side);
        NDArray levels = side == SIZE ? square : ImageGeometry.resizeBicubic8Bit(square, SIZE, SIZE);
        return InputImages.toSignedRange(levels);
    }
}
