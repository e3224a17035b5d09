package dev.chimera.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.nn.StateDictMismatchException;

/** The CLIP text encoder on a small random model: causality, pooling, hidden states, loading and memory. */
class ClipTextModelTest {

    private static final ClipTextConfig SMALL = new ClipTextConfig(50, 8, 16, 2, 2, 10, 1e-5f);

    private static ClipTextModel randomModel(NDManager manager) {
        ClipTextModel model = new ClipTextModel(SMALL);
        model.initialize(manager, DataType.FLOAT32, 7L);
        return model;
    }

    private static float[] row(NDArray states, int batch, int position) {
        return states.get(new NDIndex("{}, {}", batch, position)).toFloatArray();
    }

    @Test
    void changingALaterTokenLeavesEveryEarlierRowUnchanged() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel model = randomModel(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray ids = manager.create(new long[] {48, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 8));
            NDArray changed = manager.create(new long[] {48, 3, 4, 5, 20, 7, 8, 9}, new Shape(1, 8));

            NDArray before = model.forward(store, ids, false).lastHiddenState();
            NDArray after = model.forward(store, changed, false).lastHiddenState();

            for (int position = 0; position < 4; position++) {
                assertArrayEquals(row(before, 0, position), row(after, 0, position), 1e-6f, "row " + position);
            }
            for (int position = 4; position < 8; position++) {
                assertFalse(Arrays.equals(row(before, 0, position), row(after, 0, position)), "row " + position);
            }
        }
    }

    @Test
    void thePooledRowIsTheLastHiddenStateAtTheFirstLargestId() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel model = randomModel(manager);
            NDArray ids = manager.create(new long[] {48, 3, 49, 49, 49, 48, 2, 5, 49, 49}, new Shape(2, 5));

            ClipTextOutput output = model.forward(new ParameterStore(manager, false), ids, false);

            assertEquals(new Shape(2, 8), output.poolerOutput().getShape());
            assertArrayEquals(row(output.lastHiddenState(), 0, 2), output.poolerOutput().get(0).toFloatArray());
            assertArrayEquals(row(output.lastHiddenState(), 1, 3), output.poolerOutput().get(1).toFloatArray());
        }
    }

    @Test
    void hiddenStatesAreTheEmbeddingsAndEachLayerAndTheFinalNormNormalisesTheLast() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel model = randomModel(manager);
            NDArray ids = manager.create(new long[] {48, 3, 4, 49}, new Shape(1, 4));

            ClipTextOutput output = model.forward(new ParameterStore(manager, false), ids, true);

            assertEquals(SMALL.numHiddenLayers() + 1, output.hiddenStates().size());
            output.hiddenStates().forEach(h -> assertEquals(new Shape(1, 4, 8), h.getShape()));
            NDArray last = output.lastHiddenState();
            assertEquals(new Shape(1, 4, 8), last.getShape());
            float[] means = last.mean(new int[] {-1}).toFloatArray();
            float[] variances = last.sub(last.mean(new int[] {-1}, true)).square().mean(new int[] {-1})
                    .toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(0f, means[i], 1e-5f);
                assertEquals(1f, variances[i], 1e-3f);
            }
            float[] first = output.hiddenStates().get(0).toFloatArray();
            float[] second = output.hiddenStates().get(1).toFloatArray();
            assertFalse(Arrays.equals(first, second));
            for (float value : output.lastHiddenState().toFloatArray()) {
                assertTrue(Float.isFinite(value));
            }
        }
    }

    @Test
    void theForwardKeepsOnlyItsOutputsAndLeavesTheWeightsManagerAsItWas() {
        try (NDManager weights = NDManager.newBaseManager("PyTorch");
                NDManager inputs = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel model = randomModel(weights);
            int weightArrays = ((BaseNDManager) weights).getManagedArrays().size();
            NDArray ids = inputs.create(new long[] {48, 3, 4, 49, 49}, new Shape(1, 5));

            ClipTextOutput output = model.forward(new ParameterStore(weights, false), ids, false);

            assertEquals(weightArrays, ((BaseNDManager) weights).getManagedArrays().size());
            assertEquals(3, ((BaseNDManager) inputs).getManagedArrays().size(), "ids, last hidden state, pooled");
            assertTrue(output.hiddenStates().isEmpty());
            assertEquals(new Shape(1, 5, 8), output.lastHiddenState().getShape());
        }
    }

    @Test
    void thePositionIdsBufferIsAcceptedAndIgnoredButOtherStrayKeysAreNot() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel source = randomModel(manager);
            Map<String, NDArray> stateDict = publishedStateDict(source, manager);

            ClipTextModel loaded = ClipTextModel.fromWeights(stateDict, 2, 1e-5f, manager);

            assertEquals(SMALL, loaded.config());
            NDArray ids = manager.create(new long[] {48, 3, 49}, new Shape(1, 3));
            ParameterStore store = new ParameterStore(manager, false);
            assertArrayEquals(source.forward(store, ids, false).lastHiddenState().toFloatArray(),
                    loaded.forward(store, ids, false).lastHiddenState().toFloatArray());
            stateDict.put("text_model.embeddings.stray", manager.zeros(new Shape(1)));
            assertThrows(StateDictMismatchException.class, () -> new ClipTextModel(SMALL).loadStateDict(stateDict,
                    manager));
        }
    }

    @Test
    void thePositionIdsBufferIsIgnoredWhenLoadingInHalfPrecisionToo() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel source = randomModel(manager);
            Map<String, NDArray> stateDict = publishedStateDict(source, manager);
            ClipTextModel loaded = new ClipTextModel(SMALL);

            loaded.loadStateDict(stateDict, manager, DataType.FLOAT16);

            loaded.namedTensors().forEach((name, p) -> assertEquals(DataType.FLOAT16, p.getArray().getDataType(),
                    name));
        }
    }

    /** {@code source}'s tensors as the published file holds them: with the position_ids buffer. */
    private static Map<String, NDArray> publishedStateDict(ClipTextModel source, NDManager manager) {
        Map<String, NDArray> stateDict = new LinkedHashMap<>();
        source.namedTensors().forEach((name, p) -> stateDict.put(name, p.getArray()));
        stateDict.put("text_model.embeddings.position_ids", manager.arange(0, 10, 1, DataType.INT64).reshape(1, 10));
        return stateDict;
    }

    @Test
    void idsLongerThanThePositionTableOrNotIntegersAreRefused() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel model = randomModel(manager);
            ParameterStore store = new ParameterStore(manager, false);

            assertThrows(IllegalArgumentException.class,
                    () -> model.forward(store, manager.zeros(new Shape(1, 11), DataType.INT64), false));
            assertThrows(IllegalArgumentException.class,
                    () -> model.forward(store, manager.zeros(new Shape(1, 3)), false));
        }
    }
}
