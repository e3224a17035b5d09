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

    /** A 48×48 PNG (Splice trains on sides of 33 and more) whose colour depends on {@code seed}, so different seeds
     * give different bytes. */
    public static byte[] png(int seed) {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color((seed * 97) & 0xFF, (seed * 57) & 0xFF, (seed * 31) & 0xFF));
        graphics.fillRect(0, 0, 48, 48);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(seed % 48, 0, 1, 48);
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

    /** A PNG whose header declares width × height pixels (with a valid header checksum) over 48×48 of data. */
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

    /** A 48×48 label map of classes 0 to 3 as an 8-bit grey PNG; {@code seed} shifts the classes' stripes. */
    public static byte[] labelMap(int seed) {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                image.getRaster().setSample(x, y, 0, (x / 12 + seed) % 4);
            }
        }
        return encoded(image, "png");
    }

    /** A 16-bit grey PNG label map holding class {@code label} everywhere. */
    public static byte[] sixteenBitLabelMap(int label) {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                image.getRaster().setSample(x, y, 0, label);
            }
        }
        return encoded(image, "png");
    }

    /** A black {@code width}×{@code height} PNG. */
    public static byte[] blank(int width, int height) {
        return encoded(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A 24×16 lossless WebP (made by cwebp) whose pixel (x, y) is RGB (10x, 15y, 128). */
    public static byte[] gradientWebp() {
        try (var in = TestImages.class.getResourceAsStream("/images/gradient-lossless.webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An 8×8 PNG whose every CRC is right but whose deflate stream is garbage. */
    public static byte[] corruptDeflatePng() {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(8).putInt(8)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] idat = new byte[66];
        idat[0] = 0x78;
        idat[1] = (byte) 0x9C;
        for (int i = 2; i < idat.length; i++) {
            idat[i] = (byte) (0xF3 ^ i * 37);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IDAT", idat));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * A 40×24 JPEG, dark on its left half and light on its right, whose EXIF says a camera held sideways took it
     * (orientation 6: shown turned a quarter turn clockwise).
     */
    public static byte[] sidewaysJpeg() {
        BufferedImage image = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(20, 0, 20, 24);
        graphics.dispose();
        byte[] jpeg = encoded(image, "jpeg");
        byte[] tiff = ByteBuffer.allocate(26).put(new byte[] {'M', 'M'}).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) 6).putShort((short) 0).putInt(0).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1});
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) (2 + 6 + tiff.length)).array());
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] encoded(BufferedImage image, String format) {
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
}
