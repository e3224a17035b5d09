package dev.chimera.e2e.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Input images made in the test, broken variants of them, and decoding of result images. */
public final class TestImages {

    private TestImages() {
    }

    /** A size × size PNG: a disc of one colour on another, both chosen by {@code seed}. */
    public static byte[] png(int seed, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color((seed * 97) & 0xFF, (seed * 57) & 0xFF, (seed * 31) & 0xFF));
        graphics.fillRect(0, 0, size, size);
        graphics.setColor(new Color((seed * 41 + 128) & 0xFF, (seed * 13 + 64) & 0xFF, 200));
        graphics.fillOval(size / 4, size / 4, size / 2, size / 2);
        graphics.dispose();
        return encode(image, "png");
    }

    /** A size × size label map: an 8-bit grey PNG whose samples are class indices, in {@code classes} bands. */
    public static byte[] labelMap(int size, int classes) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[size * size];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i / size) * classes / size;
        }
        image.getRaster().setSamples(0, 0, size, size, 0, samples);
        return encode(image, "png");
    }

    /** A PNG cut off in the middle of its data. */
    public static byte[] truncatedPng() {
        byte[] png = png(1, 64);
        return Arrays.copyOf(png, png.length / 2);
    }

    /** A 64×64 PNG whose header declares width × height pixels, with a valid header checksum. */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] png = png(2, 64);
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A valid PNG followed by filler up to {@code size} bytes: refused for its size before it is read. */
    public static byte[] oversize(int size) {
        byte[] start = png(3, 16);
        byte[] bytes = Arrays.copyOf(start, size);
        Arrays.fill(bytes, start.length, size, (byte) 7);
        return bytes;
    }

    /** A PNG one pixel wide and {@code height} high (or the other way round when {@code wide}): a horizontal rule. */
    public static byte[] thinPng(int length, boolean wide) {
        BufferedImage image = wide ? new BufferedImage(length, 1, BufferedImage.TYPE_INT_RGB)
                : new BufferedImage(1, length, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < length; i++) {
            int grey = i * 255 / length;
            image.setRGB(wide ? i : 0, wide ? 0 : i, grey << 16 | grey << 8 | grey);
        }
        return encode(image, "png");
    }

    /** An 8×8 PNG whose every CRC is right but whose deflate stream is garbage. */
    public static byte[] corruptDeflatePng() {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(8).putInt(8)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] data = new byte[66];
        data[0] = 0x78;
        data[1] = (byte) 0x9C;
        for (int i = 2; i < data.length; i++) {
            data[i] = (byte) (0xF3 ^ i * 37);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(pngChunk("IHDR", header.array()));
        out.writeBytes(pngChunk("IDAT", data));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * A 16×16 JPEG whose frame header says 12 bits per sample (extended sequential, SOF1): an 8-bit JPEG with its
     * SOF0 marker and precision rewritten, as a camera's or a scanner's 12-bit file starts.
     */
    public static byte[] twelveBitJpeg() {
        byte[] jpeg = encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg");
        for (int i = 2; i + 4 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 1] = (byte) 0xC1;
                jpeg[i + 4] = 12;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JDK's JPEG writer wrote no SOF0 marker");
    }

    /** A 24×16 lossless (VP8L) WebP, as browsers save pictures. */
    public static byte[] losslessWebp() {
        try (var in = TestImages.class.getResourceAsStream("/images/gradient-lossless.webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** Decodes an image, failing the test if the bytes are not one. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not a decodable image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new AssertionError("not a decodable image (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** How many frames an (animated) GIF holds, read by the JDK's GIF reader. */
    public static int gifFrames(byte[] gif) {
        try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            var reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(input);
            int frames = reader.getNumImages(true);
            reader.dispose();
            return frames;
        } catch (IOException e) {
            throw new AssertionError("not a readable GIF: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** How many different RGB colours the picture has: 1 for a constant (for example all-black) picture. */
    public static long distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }
}
