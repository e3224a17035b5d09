package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class DinoTransformTest {

    @Test
    void theShortSideGetsTheSizeAndTheLongSideIsRoundedDown() {
        DinoTransform transform = new DinoTransform(32, 480);
        assertArrayEquals(new long[] {32, 38}, transform.outputSize(40, 48));
        assertArrayEquals(new long[] {39, 32}, transform.outputSize(44, 36));
        assertArrayEquals(new long[] {32, 32}, transform.outputSize(39, 39));
    }

    @Test
    void aLongSideBeyondTheMaximumScalesBothSidesDown() {
        // 224 · 1000/300 = 746 > 480, so the short side becomes int(480 · 224/746) = 144.
        assertArrayEquals(new long[] {144, 480}, new DinoTransform(224, 480).outputSize(300, 1000));
    }

    @Test
    void normalisesWithTheImageNetMeanAndStandardDeviation() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray grey = m.full(new Shape(1, 3, 32, 32), 0.5f);
            float[] out = new DinoTransform(32, 480).apply(grey).toFloatArray();
            assertArrayEquals(new float[] {(0.5f - 0.485f) / 0.229f, (0.5f - 0.456f) / 0.224f,
                (0.5f - 0.406f) / 0.225f}, new float[] {out[0], out[1024], out[2048]}, 1e-6f);
        }
    }
}
