package dev.chimera.contract.images;

/** WebP: the size from the first VP8, VP8L or VP8X chunk, then the RIFF chunks up to the declared RIFF length. */
final class WebpStructure implements ImageStructure {

    private static final int RIFF_HEADER_LENGTH = 12;

    @Override
    public ImageHeader header(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "WebP", RIFF_HEADER_LENGTH);
        String chunk = reader.ascii(4);
        reader.skip(4);
        return switch (chunk) {
            case "VP8 " -> lossy(reader);
            case "VP8L" -> lossless(reader);
            case "VP8X" -> extended(reader);
            default -> throw ImageDefect.malformed("the WebP opens with an unknown chunk \"" + chunk + "\"");
        };
    }

    @Override
    public void requireComplete(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "WebP", 4);
        long end = 8 + reader.u32le();
        if (bytes.length < end) {
            throw ImageDefect.truncated("the WebP ends after " + bytes.length + " bytes, its RIFF header declares "
                    + end);
        }
        reader.skip(4);
        while (reader.position() < end) {
            reader.skip(4);
            long length = reader.u32le();
            // Chunks are padded to an even length.
            reader.skip(length + (length & 1));
        }
        if (reader.position() != end) {
            throw ImageDefect.malformed("the WebP's last chunk overruns its RIFF length");
        }
    }

    private static ImageHeader lossy(ByteReader reader) {
        reader.skip(3);
        if (reader.u8() != 0x9D || reader.u8() != 0x01 || reader.u8() != 0x2A) {
            throw ImageDefect.malformed("the WebP's VP8 frame lacks its start code");
        }
        return size(reader.u16le() & 0x3FFF, reader.u16le() & 0x3FFF);
    }

    private static ImageHeader lossless(ByteReader reader) {
        if (reader.u8() != 0x2F) {
            throw ImageDefect.malformed("the WebP's VP8L stream lacks its signature");
        }
        long bits = reader.u32le();
        return size(1 + (int) (bits & 0x3FFF), 1 + (int) ((bits >> 14) & 0x3FFF));
    }

    private static ImageHeader extended(ByteReader reader) {
        reader.skip(4);
        return size(1 + reader.u24le(), 1 + reader.u24le());
    }

    private static ImageHeader size(int width, int height) {
        if (width == 0 || height == 0) {
            throw ImageDefect.malformed("the WebP declares a size of " + width + "x" + height);
        }
        return new ImageHeader(ImageFormat.WEBP, width, height);
    }
}
