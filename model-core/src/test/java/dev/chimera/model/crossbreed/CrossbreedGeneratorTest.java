package dev.chimera.model.crossbreed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.nn.StateDictMismatchException;

class CrossbreedGeneratorTest {

    /** MODELS.md §4 (f): image 32, n_f 4, 2 downsamples, 1 res block, 3 style downsamples, MLP 16×1. */
    private static final CrossbreedConfig TINY = new CrossbreedConfig(32, 4, 2, 1, 3, 0, 16, 1);

    private static long trainableParameters(CrossbreedGenerator generator) {
        Map<String, Shape> shapes = generator.namedShapes();
        return generator.namedTensors().entrySet().stream().filter(e -> e.getValue().requiresGradient())
                .mapToLong(e -> shapes.get(e.getKey()).size()).sum();
    }

    @Test
    void publishedGeneratorHasTheReferenceSizeAndAdainLayout() {
        CrossbreedGenerator generator = new CrossbreedGenerator(CrossbreedConfig.published());
        long parameters = trainableParameters(generator);
        assertTrue(Math.abs(parameters - 52_800_000L) < 100_000L, "parameters: " + parameters);
        assertEquals(3968, generator.numAdainParams());
        assertEquals(new Shape(3968, 512), generator.namedShapes().get("mlp.model.4.fc.weight"));
        assertEquals(new Shape(2048, 1024, 3, 3),
                generator.namedShapes().get("style_enc.model.6.model.0.conv_1.conv.weight"));
        assertEquals(new Shape(7, 3, 128, 128), generator.getOutputShapes(new Shape[] {
            new Shape(1, 3, 128, 128), new Shape(1, 3, 128, 128), new Shape(7), new Shape(7)})[0]);
    }

    @Test
    void modulesCarryTheReferenceNames() {
        Map<String, Shape> shapes = new CrossbreedGenerator(TINY).namedShapes();
        assertEquals(new Shape(8, 4, 1, 1), shapes.get("cont_enc.model.1.model.0.conv_s.conv.weight"));
        assertEquals(new Shape(16), shapes.get("dec.model.0.model.0.conv_1.norm.running_var"));
        assertEquals(new Shape(8, 16, 3, 3), shapes.get("dec.model.1.model.1.conv_0.conv.weight"));
        assertEquals(new Shape(3, 4, 7, 7), shapes.get("dec.model.3.conv.weight"));
        assertEquals(new Shape(112, 16), shapes.get("mlp.model.2.fc.weight"));
        assertTrue(!shapes.containsKey("cont_enc.model.1.model.0.conv_s.conv.bias"), "1x1 shortcut has no bias");
    }

    @Test
    void loadingACheckpointOfTheWrongShapeNamesTheTensor() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CrossbreedGenerator small = new CrossbreedGenerator(TINY);
            Map<String, NDArray> checkpoint = new LinkedHashMap<>();
            small.namedShapes().forEach((name, shape) -> checkpoint.put(name, manager.zeros(shape)));
            checkpoint.put("mlp.model.2.fc.bias", manager.zeros(new Shape(113)));
            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> small.loadStateDict(checkpoint, manager));
            assertTrue(e.getMessage().contains("size mismatch for mlp.model.2.fc.bias"), e.getMessage());
            assertThrows(StateDictMismatchException.class,
                    () -> new CrossbreedGenerator(CrossbreedConfig.published()).loadStateDict(checkpoint, manager));
        }
    }

    @Test
    void oneBatchedPassEqualsOneCallPerFrame() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(31);
            CrossbreedGenerator generator = new CrossbreedGenerator(new CrossbreedConfig(16, 4, 1, 2, 2, 0, 8, 0));
            generator.initialize(manager, DataType.FLOAT32);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray xA = manager.randomUniform(-1f, 1f, new Shape(1, 3, 16, 16));
            NDArray xB = manager.randomUniform(-1f, 1f, new Shape(1, 3, 16, 16));
            NDArray aC = manager.create(new float[] {0f, 0.3f, 1f});
            NDArray aS = manager.create(new float[] {1f, 0.6f, 0f});
            NDArray batched = generator.generate(store, xA, xB, aC, aS);
            NDList single = new NDList();
            for (int i = 0; i < 3; i++) {
                single.add(generator.generate(store, xA, xB, aC.get(i + ":" + (i + 1)), aS.get(i + ":" + (i + 1))));
            }
            NDArray perFrame = NDArrays.concat(single);
            assertEquals(new Shape(3, 3, 16, 16), batched.getShape());
            float maxError = batched.sub(perFrame).abs().max().getFloat();
            assertTrue(maxError < 1e-5f, "max error " + maxError);
            assertTrue(batched.get(0).sub(batched.get(2)).abs().max().getFloat() > 1e-4f,
                    "different alphas must give different frames");
        }
    }
}
