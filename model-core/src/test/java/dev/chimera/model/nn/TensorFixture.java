package dev.chimera.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** Small arrays, state dicts and element-wise assertions for the block tests. */
public final class TensorFixture {

    private TensorFixture() {
    }

    /** A PyTorch-engine manager; close it after the test. */
    public static NDManager manager() {
        return NDManager.newBaseManager("PyTorch");
    }

    /** A store that hands out parameters as they are. */
    public static ParameterStore store(NDManager manager) {
        return new ParameterStore(manager, false);
    }

    /** A float32 array of the given values and shape. */
    public static NDArray array(NDManager manager, Shape shape, float... values) {
        return manager.create(values, shape);
    }

    /** A state dict from alternating names and arrays. */
    public static Map<String, NDArray> stateDict(Object... namesAndArrays) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            out.put((String) namesAndArrays[i], (NDArray) namesAndArrays[i + 1]);
        }
        return out;
    }

    /** Asserts shape and every element within {@code tolerance}. */
    public static void assertValues(Shape shape, float[] expected, NDArray actual, float tolerance) {
        assertEquals(shape, actual.getShape());
        assertArrayEquals(expected, actual.toFloatArray(), tolerance);
    }
}
