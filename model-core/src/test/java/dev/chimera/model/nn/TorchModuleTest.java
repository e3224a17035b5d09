package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class TorchModuleTest {

    private static Sequential twoLayers() {
        return new Sequential().add(new Linear(2, 2, true)).add(Activation.relu())
                .add(new Sequential().add(new Linear(2, 1, false)));
    }

    @Test
    void sequentialNamesChildrenByIndexLikeTorch() {
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight"), List.copyOf(twoLayers().namedTensors().keySet()));
        assertEquals(new Shape(1, 2), twoLayers().namedShapes().get("2.0.weight"));
    }

    @Test
    void loadedStateDictDrivesTheForwardPass() {
        try (NDManager m = TensorFixture.manager()) {
            Sequential net = twoLayers();
            net.loadStateDict(stateDict("0.weight", array(m, new Shape(2, 2), 1, 0, 0, -1),
                    "0.bias", array(m, new Shape(2), 0, 0), "2.0.weight", array(m, new Shape(1, 2), 1, 1)), m);
            NDArray y = net.forward(TensorFixture.store(m), array(m, new Shape(1, 2), 3, 4), null);
            assertValues(new Shape(1, 1), new float[] {3}, y, 0f);
        }
    }

    @Test
    void wrongShapeFailsNamingTheTensorAndBothShapes() {
        try (NDManager m = TensorFixture.manager()) {
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> twoLayers().loadStateDict(stateDict("0.weight", array(m, new Shape(2, 2), 1, 0, 0, 1),
                            "0.bias", array(m, new Shape(2), 0, 0),
                            "2.0.weight", array(m, new Shape(1, 3), 1, 1, 1)), m));
            assertEquals(1, e.sizeMismatches().size());
            assertTrue(e.getMessage().contains("size mismatch for 2.0.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("(1, 3)") && e.getMessage().contains("(1, 2)"), e.getMessage());
        }
    }

    @Test
    void missingAndUnexpectedKeysAreReportedLikeStrictLoading() {
        try (NDManager m = TensorFixture.manager()) {
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> twoLayers().loadStateDict(stateDict("0.weight", array(m, new Shape(2, 2), 1, 0, 0, 1),
                            "2.0.bias", array(m, new Shape(1), 0),
                            "2.0.weight", array(m, new Shape(1, 2), 1, 1)), m));
            assertEquals(List.of("0.bias"), e.missingKeys());
            assertEquals(List.of("2.0.bias"), e.unexpectedKeys());
        }
    }

    @Test
    void reloadingAnInitializedModuleOverwritesItsTensors() {
        try (NDManager m = TensorFixture.manager()) {
            Linear fc = new Linear(1, 1, false);
            fc.initialize(m, DataType.FLOAT32);
            fc.loadStateDict(stateDict("weight", array(m, new Shape(1, 1), 5)), m);
            NDArray y = fc.forward(TensorFixture.store(m), array(m, new Shape(1, 1), 2), null);
            assertValues(new Shape(1, 1), new float[] {10}, y, 0f);
        }
    }

    @Test
    void namedModulesListsEveryDescendantInTorchOrder() {
        assertEquals(List.of("", "0", "1", "2", "2.0"), List.copyOf(twoLayers().namedModules().keySet()));
    }
}
