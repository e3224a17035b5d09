package dev.chimera.model.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.chimera.contract.images.ImageDecoder;
import dev.chimera.contract.images.UndecodableImageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The worker's one image codec: uploaded bytes (PNG, JPEG, BMP, WebP, or the first frame of a GIF), read by the
 * contract's {@link ImageDecoder}, to tensors, and tensors to PNG bytes.
 *
 * <p>Pictures are 1×3×H×W float32 in [0, 1]: grey images are copied to all three channels, and alpha is
 * composited on white, so a transparent logo looks as it did on the submitter's page instead of showing whatever
 * colour its invisible pixels happen to hold (PIL's {@code convert('RGB')}, which the reference scripts use, drops
 * alpha; the two agree on every opaque image). Label maps are int64 1×1×H×W holding the raw sample of the first
 * channel, or the palette index of a palette PNG. Everything stays in memory: ImageIO's disk cache is not used.
 */
public final class ImageCodec {

    private ImageCodec() {
    }

    /** Decodes a picture into a 1×3×H×W float32 array in [0, 1] on {@code manager}. */
    public static NDArray decodeRgb(byte[] bytes, NDManager manager) {
        return RgbPixels.of(read(bytes)).toArray(manager);
    }

    /** Decodes a label map into a 1×1×H×W int64 array of class indices on {@code manager}. */
    public static NDArray decodeLabelMap(byte[] bytes, NDManager manager) {
        BufferedImage image = read(bytes);
        int[] samples = image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), 0, (int[]) null);
        long[] labels = new long[samples.length];
        for (int i = 0; i < samples.length; i++) {
            labels[i] = samples[i];
        }
        return manager.create(labels, new Shape(1, 1, image.getHeight(), image.getWidth()));
    }

    /** Encodes a 3×H×W or 1×3×H×W array in [0, 1] as an 8-bit RGB PNG, each sample round(x·255) clamped. */
    public static byte[] encodePng(NDArray image) {
        return write(RgbPixels.of(image).toImage(), "png");
    }

    /**
     * Encodes class indices 0..255, shaped H×W or with leading axes of size 1 (e.g. 1×1×H×W), as an 8-bit grey PNG
     * whose sample values are the classes, the layout {@link #decodeLabelMap} reads.
     */
    public static byte[] encodeLabelMapPng(NDArray labels) {
        Shape shape = labels.getShape();
        if (shape.dimension() < 2 || shape.size() != shape.get(shape.dimension() - 2) * shape.getLastDimension()) {
            throw new IllegalArgumentException("a label map must be HxW with leading axes of size 1, got " + shape);
        }
        int height = (int) shape.get(shape.dimension() - 2);
        int width = (int) shape.getLastDimension();
        long[] values = longs(labels);
        int[] samples = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IllegalArgumentException("an 8-bit label map holds classes 0..255, found " + values[i]);
            }
            samples[i] = (int) values[i];
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, samples);
        return write(image, "png");
    }

    /** Reads the first image in {@code bytes} with the contract's decoder, the one the gateway admitted it with. */
    private static BufferedImage read(byte[] bytes) {
        try {
            return ImageDecoder.decode(bytes);
        } catch (UndecodableImageException e) {
            throw new UnreadableImageException("the image cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Encodes one image with ImageIO's writer for {@code format}. */
    private static byte[] write(RenderedImage image, String format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a " + format + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static long[] longs(NDArray array) {
        if (array.getDataType() == DataType.INT64) {
            return array.toLongArray();
        }
        try (NDArray converted = array.toType(DataType.INT64, true)) {
            return converted.toLongArray();
        }
    }
}
