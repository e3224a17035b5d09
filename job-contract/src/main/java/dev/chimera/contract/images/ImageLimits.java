package dev.chimera.contract.images;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an upload may be: at most {@code maxBytes} bytes, at most {@code maxPixels} pixels as declared by its header,
 * in one of {@code formats}.
 */
public record ImageLimits(long maxBytes, long maxPixels, Set<ImageFormat> formats) {

    /** Largest {@code maxBytes}: an upload is held in one byte array while it is inspected. */
    public static final long MAX_BYTES_CEILING = Integer.MAX_VALUE - 8;

    /** Rejects limits that are not positive, a byte limit above {@link #MAX_BYTES_CEILING} and no formats. */
    public ImageLimits {
        if (maxBytes <= 0 || maxBytes > MAX_BYTES_CEILING) {
            throw new IllegalArgumentException("maxBytes must be within 1.." + MAX_BYTES_CEILING + ", was " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        Objects.requireNonNull(formats, "formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one image format must be accepted");
        }
        formats = Set.copyOf(formats);
    }

    /** Limits that take every recognised format. */
    public static ImageLimits of(long maxBytes, long maxPixels) {
        return new ImageLimits(maxBytes, maxPixels, EnumSet.allOf(ImageFormat.class));
    }

    /** The same limits, taking only {@code accepted} formats. */
    public ImageLimits withFormats(Set<ImageFormat> accepted) {
        return new ImageLimits(maxBytes, maxPixels, accepted);
    }
}
