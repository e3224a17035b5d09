package dev.chimera.contract.images;

import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation (TIFF tag 0x0112, values 1 to 8) an image's bytes carry: in a JPEG's APP1 segment, a PNG's
 * {@code eXIf} chunk or a WebP's {@code EXIF} chunk. Decoders hand out the stored pixels; a camera that was held
 * sideways records the turn here, and browsers apply it when they show the picture.
 */
public enum ExifOrientation {
    /** Stored as shown. */
    NORMAL,
    /** Mirrored left to right. */
    MIRRORED,
    /** Turned half a turn. */
    ROTATED_180,
    /** Mirrored top to bottom. */
    FLIPPED,
    /** Mirrored along the top-left to bottom-right diagonal. */
    TRANSPOSED,
    /** Shown turned a quarter turn clockwise. */
    ROTATED_90,
    /** Mirrored along the top-right to bottom-left diagonal. */
    TRANSVERSED,
    /** Shown turned a quarter turn counter-clockwise. */
    ROTATED_270;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    /** The orientation {@code bytes} of {@code format} declare; {@link #NORMAL} when they declare none or garbage. */
    public static ExifOrientation of(byte[] bytes, ImageFormat format) {
        try {
            int tiff = switch (format) {
                case JPEG -> jpegTiffOffset(bytes);
                case PNG -> pngTiffOffset(bytes);
                case WEBP -> webpTiffOffset(bytes);
                case GIF, BMP -> -1;
            };
            return tiff < 0 ? NORMAL : fromTag(tiffOrientation(bytes, tiff));
        } catch (IndexOutOfBoundsException e) {
            return NORMAL;
        }
    }

    /** Whether the shown picture's width is the stored height. */
    public boolean swapsSides() {
        return ordinal() >= TRANSPOSED.ordinal();
    }

    /**
     * The samples of a stored {@code width}×{@code height} image (row-major, one int per pixel) as shown: width and
     * height swap when {@link #swapsSides()}. The array is returned as it is for {@link #NORMAL}.
     */
    public int[] apply(int[] stored, int width, int height) {
        if (this == NORMAL) {
            return stored;
        }
        int shownWidth = swapsSides() ? height : width;
        int shownHeight = swapsSides() ? width : height;
        int[] shown = new int[stored.length];
        for (int y = 0; y < shownHeight; y++) {
            for (int x = 0; x < shownWidth; x++) {
                shown[y * shownWidth + x] = stored[storedIndex(x, y, width, height)];
            }
        }
        return shown;
    }

    private int storedIndex(int x, int y, int width, int height) {
        return switch (this) {
            case NORMAL -> y * width + x;
            case MIRRORED -> y * width + (width - 1 - x);
            case ROTATED_180 -> (height - 1 - y) * width + (width - 1 - x);
            case FLIPPED -> (height - 1 - y) * width + x;
            case TRANSPOSED -> x * width + y;
            case ROTATED_90 -> (height - 1 - x) * width + y;
            case TRANSVERSED -> (height - 1 - x) * width + (width - 1 - y);
            case ROTATED_270 -> x * width + (width - 1 - y);
        };
    }

    private static ExifOrientation fromTag(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    private static int jpegTiffOffset(byte[] bytes) {
        int position = 2;
        while (position + 4 <= bytes.length && (bytes[position] & 0xFF) == 0xFF) {
            int marker = bytes[position + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                return -1;
            }
            int length = u16(bytes, position + 2, false);
            if (marker == 0xE1 && startsWith(bytes, position + 4, EXIF_HEADER)) {
                return position + 4 + EXIF_HEADER.length;
            }
            position += 2 + length;
        }
        return -1;
    }

    private static int pngTiffOffset(byte[] bytes) {
        int position = 8;
        while (position + 8 <= bytes.length) {
            long length = u32(bytes, position, false);
            String type = new String(bytes, position + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("eXIf")) {
                return position + 8;
            }
            if (type.equals("IDAT") || type.equals("IEND") || length > bytes.length) {
                return -1;
            }
            position += 12 + (int) length;
        }
        return -1;
    }

    private static int webpTiffOffset(byte[] bytes) {
        int position = 12;
        while (position + 8 <= bytes.length) {
            String type = new String(bytes, position, 4, StandardCharsets.ISO_8859_1);
            long size = u32(bytes, position + 4, true);
            if (type.equals("EXIF")) {
                int data = position + 8;
                return startsWith(bytes, data, EXIF_HEADER) ? data + EXIF_HEADER.length : data;
            }
            if (size > bytes.length) {
                return -1;
            }
            position += 8 + (int) (size + (size & 1));
        }
        return -1;
    }

    private static int tiffOrientation(byte[] bytes, int tiff) {
        boolean little = bytes[tiff] == 'I' && bytes[tiff + 1] == 'I';
        if (!little && !(bytes[tiff] == 'M' && bytes[tiff + 1] == 'M')) {
            return 1;
        }
        int ifd = tiff + (int) u32(bytes, tiff + 4, little);
        int entries = u16(bytes, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (u16(bytes, entry, little) == ORIENTATION_TAG) {
                return u16(bytes, entry + 8, little);
            }
        }
        return 1;
    }

    private static int u16(byte[] bytes, int at, boolean little) {
        int a = bytes[at] & 0xFF;
        int b = bytes[at + 1] & 0xFF;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] bytes, int at, boolean little) {
        long a = u16(bytes, at, little);
        long b = u16(bytes, at + 2, little);
        return little ? a | b << 16 : a << 16 | b;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
