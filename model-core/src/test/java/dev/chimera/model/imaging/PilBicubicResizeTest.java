package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The reference pictures in {@code pil-bicubic/} were resized by Pillow 9.4's {@code Image.resize} with its default
 * filter ({@code golden/generate/pil_bicubic.py}); the resize must give the same 8-bit levels, every one.
 */
class PilBicubicResizeTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shrinkingGivesPillowsLevelsExactly() throws IOException {
        assertSameLevels(picture("down.png"), ImageGeometry.resizeBicubic8Bit(picture("input.png"), 23, 40));
    }

    @Test
    void enlargingGivesPillowsLevelsExactly() throws IOException {
        assertSameLevels(picture("up.png"), ImageGeometry.resizeBicubic8Bit(picture("input.png"), 131, 150));
    }

    @Test
    void thePictureKeepsItsSizeWhenNoResizeIsAsked() throws IOException {
        NDArray input = picture("input.png");

        assertArrayEquals(input.toFloatArray(), ImageGeometry.resizeBicubic8Bit(input, 61, 97).toFloatArray());
    }

    private void assertSameLevels(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        int differing = 0;
        for (int i = 0; i < want.length; i++) {
            if (Math.round(want[i] * 255f) != Math.round(got[i] * 255f)) {
                differing++;
            }
        }
        assertEquals(0, differing, "levels that differ from Pillow's, of " + want.length);
        assertTrue(expected.max().getFloat() > expected.min().getFloat(), "the reference is not constant");
    }

    private NDArray picture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/pil-bicubic/" + name)) {
            NDArray rgb = ImageCodec.decodeRgb(in.readAllBytes(), manager);
            Shape shape = rgb.getShape();
            return shape.dimension() == 3 ? rgb.expandDims(0) : rgb;
        }
    }
}
