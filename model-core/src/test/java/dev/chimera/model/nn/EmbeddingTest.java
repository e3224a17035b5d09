package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class EmbeddingTest {

    @Test
    void looksUpOneRowPerIndexAndAppendsTheWidthToTheShape() {
        try (NDManager m = TensorFixture.manager()) {
            Embedding embedding = new Embedding(3, 2);
            assertEquals(List.of("weight"), List.copyOf(embedding.namedTensors().keySet()));
            embedding.loadStateDict(stateDict("weight", array(m, new Shape(3, 2), 0, 1, 2, 3, 4, 5)), m);
            NDArray indices = m.create(new long[] {2, 0, 1, 1}, new Shape(2, 2));
            NDArray y = embedding.forward(TensorFixture.store(m), indices, null);
            assertValues(new Shape(2, 2, 2), new float[] {4, 5, 0, 1, 2, 3, 2, 3}, y, 0);
            assertEquals(new Shape(2, 2, 2), embedding.getOutputShapes(new Shape[] {new Shape(2, 2)})[0]);
        }
    }

    @Test
    void refusesFloatingPointIndices() {
        try (NDManager m = TensorFixture.manager()) {
            NDArray table = array(m, new Shape(2, 1), 1, 2);
            assertThrows(IllegalArgumentException.class, () -> Embedding.lookup(array(m, new Shape(1), 1), table));
        }
    }
}
