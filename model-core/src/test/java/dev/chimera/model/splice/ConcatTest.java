package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ConcatTest {

    @Test
    void centreCropOffsetsByHalfTheDifferenceRoundedDown() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.arange(0f, 16f).reshape(1, 1, 4, 4);
            NDArray crop = Concat.centreCrop(x, 3, 2);
            assertEquals(new Shape(1, 1, 3, 2), crop.getShape());
            // Rows offset (4-3)/2 = 0, columns offset (4-2)/2 = 1.
            assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, crop.toFloatArray());
        }
    }
}
