package dev.chimera.contract.images;

/** GIF: the logical screen size, then extension and image blocks up to the trailer. */
final class GifStructure implements ImageStructure {

    private static final int SIGNATURE_LENGTH = 6;
    private static final int EXTENSION = 0x21;
    private static final int IMAGE_DESCRIPTOR = 0x2C;
    private static final int TRAILER = 0x3B;

    @Override
    public ImageHeader header(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "GIF", SIGNATURE_LENGTH);
        int width = reader.u16le();
        int height = reader.u16le();
        if (width == 0 || height == 0) {
            throw ImageDefect.malformed("the GIF declares a screen of " + width + "x" + height);
        }
        return new ImageHeader(ImageFormat.GIF, width, height);
    }

    @Override
    public void requireComplete(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "GIF", SIGNATURE_LENGTH + 4);
        skipColorTable(reader, reader.u8());
        reader.skip(2);
        int images = 0;
        while (true) {
            int at = reader.position();
            int block = reader.u8();
            if (block == EXTENSION) {
                reader.skip(1);
                skipSubBlocks(reader);
            } else if (block == IMAGE_DESCRIPTOR) {
                reader.skip(8);
                skipColorTable(reader, reader.u8());
                reader.skip(1);
                skipSubBlocks(reader);
                images++;
            } else if (block == TRAILER) {
                if (images == 0) {
                    throw ImageDefect.malformed("the GIF holds no image");
                }
                return;
            } else {
                throw ImageDefect.malformed("the GIF has an unknown block at byte " + at);
            }
        }
    }

    /** Skips the colour table that a packed-fields byte announces, if any. */
    private static void skipColorTable(ByteReader reader, int packedFields) {
        if ((packedFields & 0x80) != 0) {
            reader.skip(3L << ((packedFields & 0x07) + 1));
        }
    }

    private static void skipSubBlocks(ByteReader reader) {
        int size = reader.u8();
        while (size != 0) {
            reader.skip(size);
            size = reader.u8();
        }
    }
}
