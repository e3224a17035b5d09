package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class LabelMapCodecTest {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aGreyLabelPngIsReadAsInt64ClassIndicesFromItsRawValues() {
        byte[] png = Pictures.encode(Pictures.grey(3, 0, 1, 2, 150, 149, 255), "png");
        NDArray labels = ImageCodec.decodeLabelMap(png, manager);
        assertEquals(new Shape(1, 1, 2, 3), labels.getShape());
        assertEquals(DataType.INT64, labels.getDataType());
        assertArrayEquals(new long[] {0, 1, 2, 150, 149, 255}, labels.toLongArray());
    }

    @Test
    void aPaletteLabelPngIsReadAsItsPaletteIndicesNotItsColours() {
        byte[] reds = {0, (byte) 200, 10, 7};
        byte[] greens = {0, 0, (byte) 220, 7};
        byte[] blues = {0, 0, 0, 7};
        BufferedImage indexed = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 4, reds, greens, blues));
        indexed.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {3, 1, 2, 0});
        assertArrayEquals(new long[] {3, 1, 2, 0},
                ImageCodec.decodeLabelMap(Pictures.encode(indexed, "png"), manager).toLongArray());
    }

    @Test
    void anRgbLabelPngIsReadFromItsFirstChannel() {
        byte[] png = Pictures.encode(Pictures.row(BufferedImage.TYPE_INT_RGB, 0x05FFFF, 0x2A0000), "png");
        assertArrayEquals(new long[] {5, 42}, ImageCodec.decodeLabelMap(png, manager).toLongArray());
    }

    @Test
    void anEncodedLabelMapDecodesToTheSameClasses() {
        long[] classes = new long[6 * 5];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (i * 37) % 151;
        }
        NDArray labels = manager.create(classes, new Shape(1, 1, 6, 5));
        NDArray decoded = ImageCodec.decodeLabelMap(ImageCodec.encodeLabelMapPng(labels), manager);
        assertEquals(new Shape(1, 1, 6, 5), decoded.getShape());
        assertArrayEquals(classes, decoded.toLongArray());
    }

    @Test
    void aClassOutsideEightBitsCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.encodeLabelMapPng(manager.create(new long[] {0, 256}, new Shape(1, 2))));
        assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.encodeLabelMapPng(manager.create(new long[] {-1, 0}, new Shape(1, 2))));
        assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.encodeLabelMapPng(manager.zeros(new Shape(2, 1, 2, 2), DataType.INT64)));
    }
}
