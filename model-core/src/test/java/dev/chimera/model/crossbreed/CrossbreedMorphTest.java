package dev.chimera.model.crossbreed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

class CrossbreedMorphTest {

    @Test
    void alphasAreEvenlySpacedFromZeroToOne() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f},
                    CrossbreedMorph.alphas(manager, 5).toFloatArray(), 0f);
            assertEquals(7, CrossbreedMorph.alphas(manager, 7).size());
            assertThrows(IllegalArgumentException.class, () -> CrossbreedMorph.alphas(manager, 1));
        }
    }

    @Test
    void gridRowsFollowStyleAndColumnsFollowContentPulledTogetherByTau() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(7);
            CrossbreedGenerator generator = new CrossbreedGenerator(new CrossbreedConfig(8, 2, 1, 0, 1, 0, 4, 0));
            generator.initialize(manager, DataType.FLOAT32);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray xA = manager.randomUniform(-1f, 1f, new Shape(1, 3, 8, 8));
            NDArray xB = manager.randomUniform(-1f, 1f, new Shape(1, 3, 8, 8));
            NDArray alphas = manager.create(new float[] {0f, 1f});
            CrossbreedMorph.Grid grid = new CrossbreedMorph(generator).disentangled(store, xA, xB, alphas,
                    manager.create(new float[] {0.3f}));
            // frame r·2 + c: (a_c, a_s) = (0, 0), (1, 0), (0, 1), (1, 1), then a' = a + 0.3·(other − a)/2
            assertArrayEquals(new float[] {0f, 0.85f, 0.15f, 1f}, grid.alphaContent().toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {0f, 0.15f, 0.85f, 1f}, grid.alphaStyle().toFloatArray(), 1e-7f);
            assertEquals(new Shape(4, 3, 8, 8), grid.frames().getShape());
            NDArray corner = new CrossbreedMorph(generator).basic(store, xA, xB, alphas);
            assertTrue(corner.get(1).sub(grid.frames().get(3)).abs().max().getFloat() < 1e-6f,
                    "the (1, 1) corner is untouched by tau and equals the last basic frame");
        }
    }

    @Test
    void unitRangeMapsTanhOutputAndClamps() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray y = CrossbreedMorph.toUnitRange(manager.create(new float[] {-1.5f, -1f, 0f, 0.5f, 2f}));
            assertArrayEquals(new float[] {0f, 0f, 0.5f, 0.75f, 1f}, y.toFloatArray(), 0f);
        }
    }
}
