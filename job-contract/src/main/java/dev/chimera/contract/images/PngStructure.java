package dev.chimera.contract.images;

import java.util.zip.CRC32;

/** PNG: the size from IHDR, then every chunk with its CRC up to IEND. */
final class PngStructure implements ImageStructure {

    private static final int SIGNATURE_LENGTH = 8;
    private static final long MAX_CHUNK_LENGTH = Integer.MAX_VALUE;

    @Override
    public ImageHeader header(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "PNG", SIGNATURE_LENGTH);
        long length = reader.u32be();
        String type = reader.ascii(4);
        if (!type.equals("IHDR") || length != 13) {
            throw ImageDefect.malformed("the PNG's first chunk is not a 13-byte IHDR");
        }
        return new ImageHeader(ImageFormat.PNG, dimension(reader.u32be(), "width"),
                dimension(reader.u32be(), "height"));
    }

    @Override
    public void requireComplete(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "PNG", SIGNATURE_LENGTH);
        boolean sawImageData = false;
        while (true) {
            long length = reader.u32be();
            if (length > MAX_CHUNK_LENGTH) {
                throw ImageDefect.malformed("a PNG chunk declares " + length + " bytes, more than PNG allows");
            }
            int typeStart = reader.position();
            String type = reader.ascii(4);
            if (!type.chars().allMatch(PngStructure::isAsciiLetter)) {
                throw ImageDefect.malformed("the PNG has a chunk with an invalid type at byte " + typeStart);
            }
            reader.skip(length);
            long declaredCrc = reader.u32be();
            CRC32 crc = new CRC32();
            crc.update(bytes, typeStart, 4 + (int) length);
            if (crc.getValue() != declaredCrc) {
                throw ImageDefect.malformed("the PNG's " + type + " chunk at byte " + (typeStart - 4)
                        + " fails its CRC check");
            }
            sawImageData |= type.equals("IDAT");
            if (type.equals("IEND")) {
                if (!sawImageData) {
                    throw ImageDefect.malformed("the PNG has no IDAT chunk");
                }
                return;
            }
        }
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int dimension(long value, String name) {
        if (value == 0 || value > Integer.MAX_VALUE) {
            throw ImageDefect.malformed("the PNG declares a " + name + " of " + value);
        }
        return (int) value;
    }
}
