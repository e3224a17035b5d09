package dev.chimera.contract.images;

import java.util.Objects;

/** What an image's header declares: its format and pixel size, read without decoding any pixel. */
public record ImageHeader(ImageFormat format, int width, int height) {

    /** Rejects a missing format and sizes that are not positive. */
    public ImageHeader {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
        }
    }

    /** The number of pixels the header declares, {@code width * height}. */
    public long pixels() {
        return (long) width * height;
    }
}
