package dev.chimera.model.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** An RGB image as planar float samples in [0, 1], channel-major like a 3×H×W tensor: the codec's go-between. */
record RgbPixels(int height, int width, float[] planes) {

    RgbPixels {
        if (planes.length != 3L * height * width) {
            throw new IllegalArgumentException("expected " + 3L * height * width + " samples, got " + planes.length);
        }
    }

    /** Reads a 3×H×W or 1×3×H×W array; any other shape is refused. */
    static RgbPixels of(NDArray image) {
        Shape shape = image.getShape();
        boolean chw = shape.dimension() == 3 && shape.get(0) == 3;
        boolean nchw = shape.dimension() == 4 && shape.get(0) == 1 && shape.get(1) == 3;
        if (!chw && !nchw) {
            throw new IllegalArgumentException("an RGB image must be 3xHxW or 1x3xHxW, got " + shape);
        }
        return new RgbPixels((int) shape.get(shape.dimension() - 2), (int) shape.get(shape.dimension() - 1),
                floats(image));
    }

    /**
     * Samples of a decoded image, scaled by each sample's own bit depth. Grey is copied to all three channels and
     * alpha is composited on white. Raw samples are read rather than {@code getRGB}, because Java treats a grey
     * image as linear and would brighten it on the way to sRGB.
     */
    static RgbPixels of(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return fromArgb(height, width, paletteArgb(image.getRaster(), palette));
        }
        int colours = model.getNumColorComponents();
        if (colours != 1 && model.getColorSpace().getType() != ColorSpace.TYPE_RGB) {
            return fromArgb(height, width, image.getRGB(0, 0, width, height, null, 0, width));
        }
        int plane = height * width;
        float[][] bands = new float[model.getNumComponents()][];
        for (int band = 0; band < bands.length; band++) {
            bands[band] = scaledBand(image.getRaster(), band, model.getComponentSize(band));
        }
        float[] planes = new float[3 * plane];
        for (int channel = 0; channel < 3; channel++) {
            float[] source = bands[colours == 1 ? 0 : channel];
            for (int i = 0; i < plane; i++) {
                planes[channel * plane + i] = model.hasAlpha()
                        ? onWhite(source[i], bands[colours][i], model.isAlphaPremultiplied())
                        : source[i];
            }
        }
        return new RgbPixels(height, width, planes);
    }

    /** The 1×3×H×W float32 tensor. */
    NDArray toArray(NDManager manager) {
        return manager.create(planes, new Shape(1, 3, height, width));
    }

    /** An 8-bit RGB image: {@code round(x * 255)} clamped to 0..255. */
    BufferedImage toImage() {
        int plane = height * width;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = eightBit(planes[i]) << 16 | eightBit(planes[plane + i]) << 8 | eightBit(planes[2 * plane + i]);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }

    /** The samples of an array as float32, converting without leaving a new array behind. */
    static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    private static int[] paletteArgb(Raster raster, IndexColorModel palette) {
        int[] indices = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (int[]) null);
        for (int i = 0; i < indices.length; i++) {
            indices[i] = palette.getRGB(indices[i]);
        }
        return indices;
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

    private static RgbPixels fromArgb(int height, int width, int[] argb) {
        int plane = height * width;
        float[] planes = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            float alpha = (argb[i] >>> 24) / 255f;
            for (int channel = 0; channel < 3; channel++) {
                float value = ((argb[i] >> (16 - 8 * channel)) & 0xFF) / 255f;
                planes[channel * plane + i] = onWhite(value, alpha, false);
            }
        }
        return new RgbPixels(height, width, planes);
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
}
