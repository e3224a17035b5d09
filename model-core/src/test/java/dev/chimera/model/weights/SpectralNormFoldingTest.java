package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Spectral norm folds as torch computes it in eval mode: weight_orig / (u · W v), no power iteration. */
class SpectralNormFoldingTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private Map<String, NDArray> triple(Shape weightShape) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put("conv.bias", manager.create(new float[] {0.5f, -0.5f}));
        // W = [[1, 2], [3, 4]], u = (0.6, 0.8), v = (1, 0): W v = (1, 3), sigma = 0.6 + 2.4 = 3.
        state.put("conv.weight_orig", manager.create(new float[] {1, 2, 3, 4}, weightShape));
        state.put("conv.weight_u", manager.create(new float[] {0.6f, 0.8f}));
        state.put("conv.weight_v", manager.create(new float[] {1, 0}));
        state.put("norm.running_mean", manager.create(new float[] {7, 8}));
        return state;
    }

    @Test
    void foldsATwoByTwoWeightByItsHandComputedSigma() {
        Map<String, NDArray> folded = SpectralNormFolding.fold(triple(new Shape(2, 2)));

        assertEquals(List.of("conv.bias", "conv.weight", "norm.running_mean"), List.copyOf(folded.keySet()));
        assertArrayEquals(new float[] {1 / 3f, 2 / 3f, 1f, 4 / 3f}, folded.get("conv.weight").toFloatArray(), 1e-6f);
        assertEquals(new Shape(2, 2), folded.get("conv.weight").getShape());
        assertArrayEquals(new float[] {0.5f, -0.5f}, folded.get("conv.bias").toFloatArray());
    }

    @Test
    void flattensAConvolutionWeightToOutputChannelsTimesTheRest() {
        Map<String, NDArray> folded = SpectralNormFolding.fold(triple(new Shape(2, 1, 1, 2)));

        assertEquals(new Shape(2, 1, 1, 2), folded.get("conv.weight").getShape());
        assertArrayEquals(new float[] {1 / 3f, 2 / 3f, 1f, 4 / 3f}, folded.get("conv.weight").toFloatArray(), 1e-6f);
    }

    @Test
    void refusesAWeightOrigWithoutItsVectors() {
        Map<String, NDArray> state = triple(new Shape(2, 2));
        state.remove("conv.weight_v");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SpectralNormFolding.fold(state));
        assertEquals("spectral norm of conv needs weight_u and weight_v", error.getMessage());
    }
}
