package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class ImageGeometryTest {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void close() {
        manager.close();
    }

    /** A C×H×W image whose every sample is its column index. */
    private NDArray columnRamp(int channels, int height, int width) {
        float[] values = new float[channels * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % width;
        }
        return manager.create(values, new Shape(channels, height, width));
    }

    @Test
    void enlargingIsBilinearWithHalfPixelCentres() {
        NDArray resized = ImageGeometry.resizeBilinear(manager.create(new float[] {0, 1}, new Shape(1, 1, 1, 2)), 1, 4);
        assertEquals(new Shape(1, 1, 1, 4), resized.getShape());
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, resized.toFloatArray(), 1e-6f);
    }

    @Test
    void shrinkingWidensTheTriangleFilterAsTorchvisionAntialiasDoes() {
        // Halving: output 0 is centred at source 1.0 and weighs pixels 0, 1, 2 by 0.75, 0.75, 0.25 (normalised).
        NDArray resized = ImageGeometry.resizeBilinear(manager.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 4)),
                1, 2);
        assertArrayEquals(new float[] {1.25f / 1.75f, 4f / 1.75f}, resized.toFloatArray(), 1e-6f);
    }

    @Test
    void resizingToTheSameSizeChangesNothingAndAConstantStaysConstant() {
        NDArray ramp = columnRamp(3, 5, 7);
        assertArrayEquals(ramp.toFloatArray(), ImageGeometry.resizeBilinear(ramp, 5, 7).toFloatArray(), 0f);
        NDArray grey = manager.full(new Shape(2, 3, 37, 23), 0.4f);
        NDArray resized = ImageGeometry.resizeBilinear(grey, 11, 50);
        assertEquals(new Shape(2, 3, 11, 50), resized.getShape());
        for (float value : resized.toFloatArray()) {
            assertEquals(0.4f, value, 1e-6f);
        }
    }

    @Test
    void nearestResizeOfALabelMapSamplesPixelCentresAndNeverBlendsClasses() {
        NDArray labels = manager.create(new long[] {10, 11, 12, 13}, new Shape(1, 1, 1, 4));
        // Halving takes source pixels floor(0.5·2) = 1 and floor(1.5·2) = 3.
        assertArrayEquals(new long[] {11, 13}, ImageGeometry.resizeNearest(labels, 1, 2).toLongArray());
        // 2 → 5: floor((i + 0.5)·0.4) = 0, 0, 1, 1, 1.
        NDArray two = manager.create(new long[] {4, 9}, new Shape(1, 1, 1, 2));
        NDArray five = ImageGeometry.resizeNearest(two, 1, 5);
        assertEquals(DataType.INT64, five.getDataType());
        assertArrayEquals(new long[] {4, 4, 9, 9, 9}, five.toLongArray());
    }

    @Test
    void nearestResizeKeepsLayoutAndReadsOtherIntegerTypes() {
        NDArray labels = manager.create(new int[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray resized = ImageGeometry.resizeNearest(labels, 4, 4);
        assertEquals(new Shape(1, 4, 4), resized.getShape());
        assertArrayEquals(new long[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, resized.toLongArray());
    }

    @Test
    void centerCropRoundsAnOddMarginHalfToEvenLikePython() {
        // (6 − 4) / 2 = 1, (7 − 4) / 2 = 1.5 → 2, (5 − 4) / 2 = 0.5 → 0
        assertArrayEquals(new float[] {1, 2, 3, 4}, firstRow(ImageGeometry.centerCrop(columnRamp(3, 4, 6), 4, 4)), 0f);
        assertArrayEquals(new float[] {2, 3, 4, 5}, firstRow(ImageGeometry.centerCrop(columnRamp(3, 4, 7), 4, 4)), 0f);
        assertArrayEquals(new float[] {0, 1, 2, 3}, firstRow(ImageGeometry.centerCrop(columnRamp(3, 4, 5), 4, 4)), 0f);
        assertEquals(new Shape(3, 4, 4), ImageGeometry.centerCrop(columnRamp(3, 4, 5), 4, 4).getShape());
    }

    @Test
    void centerCropCannotCutMoreThanTheImageHas() {
        assertThrows(IllegalArgumentException.class, () -> ImageGeometry.centerCrop(columnRamp(3, 4, 4), 5, 4));
    }

    @Test
    void shortSideResizeThenCenterCropKeepsTheMiddleOfTheLongSide() {
        // 8×16 → short side 4 gives 4×8; the centred 4×4 keeps resized columns 2..5,
        // each the symmetric filtered mean 2j + 0.5 of the ramp.
        NDArray square = ImageGeometry.resizeShortSideAndCenterCrop(columnRamp(3, 8, 16).expandDims(0), 4);
        assertEquals(new Shape(1, 3, 4, 4), square.getShape());
        assertArrayEquals(new float[] {4.5f, 6.5f, 8.5f, 10.5f}, firstRow(square), 1e-5f);
    }

    @Test
    void theLongSideIsTheFlooredProportionAndPortraitsAreCroppedVertically() {
        // 10×7 portrait, size 5: 5 × 10 / 7 = 7.14 → 7 rows, cropped from row round(1.0) = 1.
        float[] values = new float[10 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 7;
        }
        NDArray rowRamp = manager.create(values, new Shape(1, 10, 7));
        NDArray square = ImageGeometry.resizeShortSideAndCenterCrop(rowRamp, 5);
        assertEquals(new Shape(1, 5, 5), square.getShape());
        NDArray expected = ImageGeometry.centerCrop(ImageGeometry.resizeBilinear(rowRamp, 7, 5), 5, 5);
        assertArrayEquals(expected.toFloatArray(), square.toFloatArray(), 0f);
    }

    @Test
    void anExtremeStripIsCroppedWithoutResizingItsWholeLongSide() {
        // 1×20000 at size 128 is 128×2,560,000 resized (3.9 GB of floats); only the kept square is computed.
        NDArray strip = columnRamp(3, 1, 20_000).expandDims(0);
        NDArray square = ImageGeometry.resizeShortSideAndCenterCrop(strip, 128);
        assertEquals(new Shape(1, 3, 128, 128), square.getShape());
        NDArray small = columnRamp(3, 1, 40).expandDims(0);
        NDArray expected = ImageGeometry.centerCrop(ImageGeometry.resizeBilinear(small, 8, 320), 8, 8);
        assertArrayEquals(expected.toFloatArray(), ImageGeometry.resizeShortSideAndCenterCrop(small, 8)
                .toFloatArray(), 0f);
    }

    private static float[] firstRow(NDArray image) {
        float[] all = image.toFloatArray();
        int width = (int) image.getShape().getLastDimension();
        return Arrays.copyOf(all, width);
    }
}
