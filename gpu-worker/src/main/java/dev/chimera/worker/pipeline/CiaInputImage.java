package dev.chimera.worker.pipeline;

import ai.djl.ndarray.NDArray;
import dev.chimera.model.imaging.ImageGeometry;

/**
 * An input of Cross-Image Attention prepared as CIA's {@code load_size} prepares it: the centred square (offset
 * {@code (long − short) // 2}), resized to {@value #SIZE}² and rounded to 8-bit levels as PIL's image holds it, then
 * mapped to [−1, 1]. The resize is PIL's triangle filter; CIA's PIL default is bicubic, which differs by a few levels
 * at edges.
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
        NDArray resized = side == SIZE ? square : ImageGeometry.resizeBilinear(square, SIZE, SIZE);
        NDArray levels = resized.clip(0f, 1f).mul(255f).round().div(255f);
        return InputImages.toSignedRange(levels);
    }
}
