package dev.chimera.contract.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image files for the tests: encoded by javax.imageio, or assembled byte by byte. */
final class TestImages {

    private TestImages() {
    }

    /** A small colourful picture encoded by ImageIO in {@code format} ("png", "jpeg", "gif", "bmp"). */
    static byte[] encoded(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x + y) % 7) * 36);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code length} bytes. */
    static byte[] cut(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    /** A PNG whose IHDR declares {@code width}×{@code height}, with a token IDAT; every CRC is right. */
    static byte[] pngDeclaring(long width, long height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) width).putInt((int) height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                pngChunk("IHDR", ihdr.array()), pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00}),
                pngChunk("IEND", new byte[0]));
    }

    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeAndData = concat(ascii(type), data);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        return ByteBuffer.allocate(8 + typeAndData.length).putInt(data.length).put(typeAndData)
                .putInt((int) crc.getValue()).array();
    }

    /** A RIFF/WEBP container around one chunk. */
    static byte[] webp(String chunkType, byte[] payload) {
        byte[] padded = Arrays.copyOf(payload, payload.length + (payload.length & 1));
        byte[] chunk = concat(ascii(chunkType), littleEndian(payload.length), padded);
        return concat(ascii("RIFF"), littleEndian(4 + chunk.length), ascii("WEBP"), chunk);
    }

    static byte[] littleEndian(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
