package dev.chimera.contract.images;

import java.nio.charset.StandardCharsets;

/** A cursor over an upload's bytes that reports reading past the end as a truncated image. */
final class ByteReader {

    private final byte[] bytes;
    private final String format;
    private int position;

    ByteReader(byte[] bytes, String format, int position) {
        this.bytes = bytes;
        this.format = format;
        this.position = position;
    }

    int position() {
        return position;
    }

    byte[] bytes() {
        return bytes;
    }

    int u8() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    int u16be() {
        return (u8() << 8) | u8();
    }

    int u16le() {
        return u8() | (u8() << 8);
    }

    int u24le() {
        return u8() | (u8() << 8) | (u8() << 16);
    }

    long u32be() {
        return ((long) u16be() << 16) | u16be();
    }

    long u32le() {
        return u16le() | ((long) u16le() << 16);
    }

    int s32le() {
        return (int) u32le();
    }

    String ascii(int length) {
        require(length);
        String text = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
        position += length;
        return text;
    }

    void skip(long count) {
        require(count);
        position += (int) count;
    }

    private void require(long count) {
        if (count > bytes.length - position) {
            throw ImageDefect.truncated("the " + format + " ends after " + bytes.length + " bytes, before its "
                    + "declared data is complete");
        }
    }
}
