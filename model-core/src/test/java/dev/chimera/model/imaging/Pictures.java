package dev.chimera.model.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Images for the codec tests, written and read back with plain javax.imageio. */
final class Pictures {

    private Pictures() {
    }

    static byte[] encode(BufferedImage image, String format) {
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

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-row image of the given 0xRRGGBB (or 0xAARRGGBB for an alpha type) pixels. */
    static BufferedImage row(int type, int... pixels) {
        BufferedImage image = new BufferedImage(pixels.length, 1, type);
        image.setRGB(0, 0, pixels.length, 1, pixels, 0, pixels.length);
        return image;
    }

    /** An 8-bit grey image with the given raw samples, {@code width} per row. */
    static BufferedImage grey(int width, int... samples) {
        BufferedImage image = new BufferedImage(width, samples.length / width, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, samples.length / width, 0, samples);
        return image;
    }
}
