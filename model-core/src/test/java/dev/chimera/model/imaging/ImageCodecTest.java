package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class ImageCodecTest {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void everyEightBitValueSurvivesAnEncodeDecodeRoundTripExactly() {
        float[] values = new float[3 * 16 * 24];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (i < 256 ? i : random.nextInt(256)) / 255f;
        }
        NDArray image = manager.create(values, new Shape(1, 3, 16, 24));
        NDArray decoded = ImageCodec.decodeRgb(ImageCodec.encodePng(image), manager);
        assertEquals(new Shape(1, 3, 16, 24), decoded.getShape());
        assertEquals(DataType.FLOAT32, decoded.getDataType());
        assertArrayEquals(values, decoded.toFloatArray(), 0f);
    }

    @Test
    void decodingGivesChannelMajorRgbInZeroToOne() {
        byte[] png = Pictures.encode(Pictures.row(BufferedImage.TYPE_INT_RGB, 0xFF0000, 0x00FF00, 0x0000FF,
                0x336699), "png");
        NDArray image = ImageCodec.decodeRgb(png, manager);
        assertEquals(new Shape(1, 3, 1, 4), image.getShape());
        assertArrayEquals(new float[] {
            1, 0, 0, 0x33 / 255f,
            0, 1, 0, 0x66 / 255f,
            0, 0, 1, 0x99 / 255f}, image.toFloatArray(), 0f);
    }

    @Test
    void encodingRoundsToTheNearestEightBitValueAndClamps() {
        NDArray image = manager.create(new float[] {-0.5f, 1.5f, 0.5f, 0.2f, 0, 0, 0, 0, 0, 0, 0, 0},
                new Shape(3, 1, 4));
        BufferedImage written = Pictures.decode(ImageCodec.encodePng(image));
        assertEquals(4, written.getWidth());
        assertEquals(1, written.getHeight());
        assertArrayEquals(new int[] {0, 255, 128, 51},
                written.getRaster().getSamples(0, 0, 4, 1, 0, (int[]) null));
    }

    @Test
    void greyIsCopiedToThreeChannelsWithItsRawValueNotGammaShifted() {
        NDArray image = ImageCodec.decodeRgb(Pictures.encode(Pictures.grey(3, 0, 128, 255), "png"), manager);
        float mid = 128 / 255f;
        assertArrayEquals(new float[] {0, mid, 1, 0, mid, 1, 0, mid, 1}, image.toFloatArray(), 0f);
    }

    @Test
    void alphaIsCompositedOnWhite() {
        byte[] png = Pictures.encode(Pictures.row(BufferedImage.TYPE_INT_ARGB, 0x00FF0000, 0x80000000, 0xFF0000FF),
                "png");
        float half = 1 - 0x80 / 255f;
        assertArrayEquals(new float[] {1, half, 0, 1, half, 0, 1, half, 1},
                ImageCodec.decodeRgb(png, manager).toFloatArray(), 1e-6f);
    }

    @Test
    void aPalettePngDecodesToItsPaletteColours() {
        byte[] reds = {(byte) 255, 0};
        byte[] greens = {0, (byte) 128};
        byte[] blues = {0, (byte) 255};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 2, reds, greens, blues));
        indexed.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 0});
        assertArrayEquals(new float[] {0, 1, 128 / 255f, 0, 1, 0},
                ImageCodec.decodeRgb(Pictures.encode(indexed, "png"), manager).toFloatArray(), 0f);
    }

    @Test
    void aJpegDecodesCloseToItsColours() {
        BufferedImage orange = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                orange.setRGB(x, y, 0xFF8000);
            }
        }
        NDArray image = ImageCodec.decodeRgb(Pictures.encode(orange, "jpeg"), manager);
        assertEquals(new Shape(1, 3, 16, 16), image.getShape());
        float[] pixel = {image.getFloat(0, 0, 8, 8), image.getFloat(0, 1, 8, 8), image.getFloat(0, 2, 8, 8)};
        assertArrayEquals(new float[] {1, 0.5f, 0}, pixel, 4 / 255f);
    }

    @Test
    void bytesThatAreNotAnImageOrAreCutShortCannotBeDecoded() {
        assertThrows(UnreadableImageException.class, () -> ImageCodec.decodeRgb("not an image".getBytes(), manager));
        byte[] png = ImageCodec.encodePng(manager.ones(new Shape(3, 32, 32)));
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThrows(UnreadableImageException.class, () -> ImageCodec.decodeRgb(cut, manager));
    }

    @Test
    void onlyOneRgbImageCanBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(manager.zeros(new Shape(2, 3, 4, 4))));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(manager.zeros(new Shape(1, 4, 4, 4))));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(manager.zeros(new Shape(4, 4))));
    }
}
