package dev.chimera.contract.images;

/** BMP: the size from the DIB header, then the pixel array (or the declared file size when compressed). */
final class BmpStructure implements ImageStructure {

    private static final int FILE_HEADER_LENGTH = 14;
    private static final int CORE_HEADER_LENGTH = 12;
    private static final int INFO_HEADER_MIN_LENGTH = 16;

    @Override
    public ImageHeader header(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "BMP", FILE_HEADER_LENGTH);
        long dibLength = reader.u32le();
        long width;
        long height;
        if (dibLength == CORE_HEADER_LENGTH) {
            width = reader.u16le();
            height = reader.u16le();
        } else if (dibLength >= INFO_HEADER_MIN_LENGTH && dibLength <= 256) {
            width = reader.s32le();
            // A negative height marks a top-down pixel array.
            height = Math.abs((long) reader.s32le());
        } else {
            throw ImageDefect.malformed("the BMP has an unknown DIB header of " + dibLength + " bytes");
        }
        if (width <= 0 || height <= 0 || height > Integer.MAX_VALUE) {
            throw ImageDefect.malformed("the BMP declares a size of " + width + "x" + height);
        }
        return new ImageHeader(ImageFormat.BMP, (int) width, (int) height);
    }

    @Override
    public void requireComplete(byte[] bytes) {
        ImageHeader header = header(bytes);
        ByteReader reader = new ByteReader(bytes, "BMP", 2);
        long fileLength = reader.u32le();
        reader.skip(4);
        long pixelOffset = reader.u32le();
        boolean core = reader.u32le() == CORE_HEADER_LENGTH;
        reader.skip(core ? 6 : 10);
        int bitsPerPixel = reader.u16le();
        long compression = core ? 0 : reader.u32le();
        long needed = isUncompressed(compression)
                ? pixelOffset + pixelArrayLength(header, bitsPerPixel)
                : Math.max(pixelOffset + 1, fileLength);
        if (bytes.length < needed) {
            throw ImageDefect.truncated("the BMP ends after " + bytes.length + " bytes, its pixels need " + needed);
        }
    }

    private static boolean isUncompressed(long compression) {
        // BI_RGB, BI_BITFIELDS and BI_ALPHABITFIELDS store whole rows; the RLE and embedded codecs do not.
        return compression == 0 || compression == 3 || compression == 6;
    }

    /** Rows padded to 4 bytes; saturates instead of overflowing for absurd sizes. */
    private static long pixelArrayLength(ImageHeader header, int bitsPerPixel) {
        long rowLength = ((long) bitsPerPixel * header.width() + 31) / 32 * 4;
        if (rowLength > 0 && header.height() > Long.MAX_VALUE / 2 / rowLength) {
            return Long.MAX_VALUE / 2;
        }
        return rowLength * header.height();
    }
}
