package dev.chimera.gateway.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images generated in the test, and broken variants of them. */
public final class TestImages {

    private TestImages() {
    }

    /** A 16×16 PNG whose colour depends on {@code seed}, so different seeds give different bytes. */
    public static byte[] png(int seed) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color((seed * 97) & 0xFF, (seed * 57) & 0xFF, (seed * 31) & 0xFF));
        graphics.fillRect(0, 0, 16, 16);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(seed % 16, 0, 1, 16);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG cut off in the middle of its data. */
    public static byte[] truncatedPng() {
        byte[] png = png(1);
        return Arrays.copyOf(png, png.length / 2);
    }

    /** A PNG whose header declares width × height pixels (with a valid header checksum) over 16×16 of data. */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] png = png(2);
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A valid PNG signature followed by {@code size} bytes in total: too large long before it is read. */
    public static byte[] oversizeUpload(int size) {
        byte[] bytes = Arrays.copyOf(png(3), size);
        Arrays.fill(bytes, png(3).length, size, (byte) 7);
        return bytes;
    }
}
