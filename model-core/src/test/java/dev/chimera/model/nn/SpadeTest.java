package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class SpadeTest {

    /** 1×1 convolutions so every value below is checkable by hand; var 4 makes the norm divide by ~2. */
    private static Map<String, NDArray> handState(NDManager m) {
        return stateDict(
                "param_free_norm.running_mean", array(m, new Shape(1), 1),
                "param_free_norm.running_var", array(m, new Shape(1), 4 - 1e-5f),
                "param_free_norm.num_batches_tracked", m.create(3L),
                "mlp_shared.0.weight", array(m, new Shape(1, 1, 1, 1), 2),
                "mlp_shared.0.bias", array(m, new Shape(1), 0.5f),
                "mlp_gamma.weight", array(m, new Shape(1, 1, 1, 1), 1),
                "mlp_gamma.bias", array(m, new Shape(1), 0),
                "mlp_beta.weight", array(m, new Shape(1, 1, 1, 1), -1),
                "mlp_beta.bias", array(m, new Shape(1), 1));
    }

    @Test
    void namesItsTensorsLikeTheReferenceModule() {
        Spade spade = new Spade(4, 3, 7);
        assertEquals(List.of("param_free_norm.running_mean", "param_free_norm.running_var",
                "param_free_norm.num_batches_tracked", "mlp_shared.0.weight", "mlp_shared.0.bias", "mlp_gamma.weight",
                "mlp_gamma.bias", "mlp_beta.weight", "mlp_beta.bias"), List.copyOf(spade.namedTensors().keySet()));
        assertEquals(new Shape(7, 3, 3, 3), spade.namedShapes().get("mlp_shared.0.weight"));
        assertEquals(new Shape(4, 7, 3, 3), spade.namedShapes().get("mlp_gamma.weight"));
    }

    @Test
    void modulatesTheNormalisedInputByGammaAndBetaFromTheNearestResizedMap() {
        try (NDManager m = TensorFixture.manager()) {
            Spade spade = new Spade(1, 1, 1, 1);
            spade.loadStateDict(handState(m), m);
            // normalised x = (x - 1) / 2 = [[0, 1], [2, -1]]
            NDArray x = array(m, new Shape(1, 1, 2, 2), 1, 3, 5, -1);
            // a 1×2 map, nearest-resized to [[1, -1], [1, -1]]
            NDArray seg = array(m, new Shape(1, 1, 1, 2), 1, -1);
            // actv = relu(2·seg + 0.5) = [[2.5, 0], ...]; gamma = actv; beta = 1 - actv
            // out = n·(1 + gamma) + beta = [[0·3.5 - 1.5, 1·1 + 1], [2·3.5 - 1.5, -1·1 + 1]]
            NDArray y = spade.forward(TensorFixture.store(m), x, seg);
            assertValues(new Shape(1, 1, 2, 2), new float[] {-1.5f, 2, 5.5f, 0}, y, 1e-5f);
        }
    }

    @Test
    void refusesAMapWithTheWrongChannelCount() {
        try (NDManager m = TensorFixture.manager()) {
            Spade spade = new Spade(1, 1, 1, 1);
            spade.loadStateDict(handState(m), m);
            NDArray x = array(m, new Shape(1, 1, 1, 1), 1);
            NDArray seg = array(m, new Shape(1, 2, 1, 1), 1, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> spade.forward(TensorFixture.store(m), x, seg));
            assertEquals("SPADE segmentation map expects [N, 1, H, W], got (1, 2, 1, 1)", e.getMessage());
        }
    }
}
