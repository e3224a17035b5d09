package dev.chimera.contract.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An input as Chimera stores it: a PNG without metadata, turned as its EXIF orientation says. A picture becomes
 * 8-bit sRGB, read as the worker's codec reads it (grey copied to all three channels, palette colours looked up,
 * other colour spaces such as CMYK converted, samples of any depth scaled to 8 bits, alpha composited on white); a
 * label map becomes an 8-bit grey PNG whose samples are its classes (the raw sample of the first channel, or the
 * palette index), never blended or converted.
 *
 * @param highestClass the largest class of a label map; empty for a picture
 */
public record CanonicalImage(byte[] png, int width, int height, OptionalInt highestClass) {

    /** The largest class an 8-bit label map holds. */
    public static final int MAX_CLASS = 255;

    /** The picture {@code decoded} as shown and as 8-bit sRGB. */
    public static CanonicalImage picture(BufferedImage decoded, ExifOrientation orientation) {
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        int[] rgb = orientation.apply(rgb(decoded), width, height);
        int shownWidth = orientation.swapsSides() ? height : width;
        int shownHeight = orientation.swapsSides() ? width : height;
        BufferedImage canonical = new BufferedImage(shownWidth, shownHeight, BufferedImage.TYPE_INT_RGB);
        canonical.setRGB(0, 0, shownWidth, shownHeight, rgb, 0, shownWidth);
        return new CanonicalImage(png(canonical), shownWidth, shownHeight, OptionalInt.empty());
    }

    /**
     * The label map {@code decoded} as shown, its classes kept.
     *
     * @throws IllegalArgumentException if a class is above {@link #MAX_CLASS} (check {@link #labelClasses} first)
     */
    public static CanonicalImage labelMap(BufferedImage decoded, ExifOrientation orientation) {
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        int[] classes = orientation.apply(labelClasses(decoded), width, height);
        int highest = 0;
        for (int label : classes) {
            highest = Math.max(highest, label);
        }
        if (highest > MAX_CLASS) {
            throw new IllegalArgumentException("an 8-bit label map holds classes 0.." + MAX_CLASS + ", found " + highest);
        }
        int shownWidth = orientation.swapsSides() ? height : width;
        int shownHeight = orientation.swapsSides() ? width : height;
        BufferedImage canonical = new BufferedImage(shownWidth, shownHeight, BufferedImage.TYPE_BYTE_GRAY);
        canonical.getRaster().setSamples(0, 0, shownWidth, shownHeight, 0, classes);
        return new CanonicalImage(png(canonical), shownWidth, shownHeight, OptionalInt.of(highest));
    }

    /** The classes of a label map as the worker reads them: the raw first-channel sample, or the palette index. */
    public static int[] labelClasses(BufferedImage decoded) {
        return decoded.getRaster().getSamples(0, 0, decoded.getWidth(), decoded.getHeight(), 0, (int[]) null);
    }

    /** 0xRRGGBB per pixel, row-major. */
    private static int[] rgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            int[] argb = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
            for (int i = 0; i < argb.length; i++) {
                argb[i] = onWhite(palette.getRGB(argb[i]));
            }
            return argb;
        }
        int colours = model.getNumColorComponents();
        if (colours != 1 && model.getColorSpace().getType() != ColorSpace.TYPE_RGB) {
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < argb.length; i++) {
                argb[i] = onWhite(argb[i]);
            }
            return argb;
        }
        // Raw samples, not getRGB: Java treats grey as linear and would brighten it on the way to sRGB.
        Raster raster = image.getRaster();
        float[][] bands = new float[model.getNumComponents()][];
        for (int band = 0; band < bands.length; band++) {
            bands[band] = scaledBand(raster, band, model.getComponentSize(band));
        }
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            int pixel = 0;
            for (int channel = 0; channel < 3; channel++) {
                float value = bands[colours == 1 ? 0 : channel][i];
                if (model.hasAlpha()) {
                    value = onWhite(value, bands[colours][i], model.isAlphaPremultiplied());
                }
                pixel = pixel << 8 | eightBit(value);
            }
            rgb[i] = pixel;
        }
        return rgb;
    }

    private static float[] scaledBand(Raster raster, int band, int bits) {
        int[] samples = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), band, (int[]) null);
        float max = (float) ((1L << bits) - 1);
        float[] scaled = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = samples[i] / max;
        }
        return scaled;
    }

    private static int onWhite(int argb) {
        float alpha = (argb >>> 24) / 255f;
        int pixel = 0;
        for (int channel = 0; channel < 3; channel++) {
            float value = ((argb >> (16 - 8 * channel)) & 0xFF) / 255f;
            pixel = pixel << 8 | eightBit(onWhite(value, alpha, false));
        }
        return pixel;
    }

    private static float onWhite(float value, float alpha, boolean premultiplied) {
        if (alpha >= 1f) {
            return value;
        }
        return (premultiplied ? value : value * alpha) + (1f - alpha);
    }

    private static int eightBit(float value) {
        return Math.max(0, Math.min(255, Math.round(value * 255f)));
    }

    /** PNG bytes with no metadata chunk: ImageIO's writer adds none when given none. */
    private static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
