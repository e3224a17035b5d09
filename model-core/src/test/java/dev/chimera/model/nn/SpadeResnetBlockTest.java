package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class SpadeResnetBlockTest {

    /** Zero convolutions, unit running variance: each SPADE is then (nearly) the identity and each conv its bias. */
    private static Map<String, NDArray> quietState(TorchModule module, NDManager m, Map<String, NDArray> overrides) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : module.namedShapes().entrySet()) {
            Shape shape = e.getValue();
            state.put(e.getKey(), overrides.containsKey(e.getKey()) ? overrides.get(e.getKey())
                    : e.getKey().endsWith("running_var") ? m.ones(shape) : m.zeros(shape));
        }
        return state;
    }

    @Test
    void hasALearnedShortcutOnlyWhenTheChannelCountChanges() {
        List<String> same = List.copyOf(new SpadeResnetBlock(4, 4, 3, 5).namedTensors().keySet());
        List<String> changing = List.copyOf(new SpadeResnetBlock(4, 2, 3, 5).namedTensors().keySet());
        assertEquals(2 * 2 + 2 * 9, same.size());
        assertEquals(2 * 2 + 1 + 3 * 9, changing.size());
        assertEquals(List.of("conv_0.weight", "conv_0.bias", "conv_1.weight", "conv_1.bias", "conv_s.weight"),
                changing.subList(0, 5));
        assertEquals(new Shape(2, 4, 3, 3),
                new SpadeResnetBlock(4, 2, 3, 5).namedShapes().get("conv_0.weight"));
    }

    @Test
    void addsTheResidualToTheUnchangedInput() {
        try (NDManager m = TensorFixture.manager()) {
            SpadeResnetBlock block = new SpadeResnetBlock(1, 1, 1, 1);
            block.loadStateDict(quietState(block, m, Map.of("conv_1.bias", array(m, new Shape(1), 0.25f))), m);
            NDArray x = array(m, new Shape(1, 1, 1, 2), 1, -3);
            NDArray seg = array(m, new Shape(1, 1, 1, 1), 7);
            NDArray y = block.forward(TensorFixture.store(m), x, seg);
            assertValues(new Shape(1, 1, 1, 2), new float[] {1.25f, -2.75f}, y, 1e-6f);
        }
    }

    @Test
    void mapsTheShortcutThroughNormAndA1x1ConvolutionWithoutActivation() {
        try (NDManager m = TensorFixture.manager()) {
            SpadeResnetBlock block = new SpadeResnetBlock(2, 1, 1, 1);
            block.loadStateDict(quietState(block, m, Map.of(
                    "conv_s.weight", array(m, new Shape(1, 2, 1, 1), 1, -1),
                    "norm_s.param_free_norm.running_var", array(m, new Shape(2), 1 - 1e-5f, 1 - 1e-5f))), m);
            // shortcut = x0 - x1 (no LeakyReLU on the negative value); the main path is zero
            NDArray x = array(m, new Shape(1, 2, 1, 1), -2, 3);
            NDArray y = block.forward(TensorFixture.store(m), x, array(m, new Shape(1, 1, 1, 1), 0));
            assertValues(new Shape(1, 1, 1, 1), new float[] {-5}, y, 1e-5f);
        }
    }
}
