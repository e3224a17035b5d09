package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Every golden case ships its weights as safetensors and torch.save files: all formats must give the same tensors. */
class GoldenCheckpointFormatsTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    static Stream<Path> torchFiles() throws IOException {
        Path golden = Path.of(System.getProperty("chimera.golden.dir"));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> cases = Files.list(golden)) {
            for (Path dir : cases.sorted().toList()) {
                for (String name : List.of("weights.pth", "weights-legacy.pth")) {
                    if (Files.exists(dir.resolve(name))) {
                        files.add(dir.resolve(name));
                    }
                }
            }
        }
        assertTrue(files.size() >= 6, "expected the golden pth files, found " + files);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("torchFiles")
    void torchSaveFileHoldsExactlyTheSafetensorsTensors(Path pth) throws IOException {
        Map<String, NDArray> reference = Checkpoints.read(pth.resolveSibling("weights.safetensors"), manager);
        Map<String, NDArray> read = Checkpoints.read(pth, manager);
        Map<String, NDArray> stateDict = read.keySet().equals(reference.keySet())
                ? read : Checkpoints.withPrefix(read, "G.");

        assertEquals(reference.keySet(), stateDict.keySet());
        for (Map.Entry<String, NDArray> e : reference.entrySet()) {
            NDArray actual = stateDict.get(e.getKey());
            assertEquals(e.getValue().getShape(), actual.getShape(), e.getKey());
            assertEquals(e.getValue().getDataType(), actual.getDataType(), e.getKey());
            assertTrue(e.getValue().contentEquals(actual), "values of " + e.getKey());
        }
    }

    @Test
    void nestedCheckpointIsFlattenedWithDottedPrefixesAndDropsItsCounters() throws IOException {
        Path dir = Path.of(System.getProperty("chimera.golden.dir"), "crossbreed-generator");
        for (String name : List.of("weights.pth", "weights-legacy.pth")) {
            Map<String, NDArray> read = Checkpoints.read(dir.resolve(name), manager);

            assertTrue(read.keySet().stream().allMatch(k -> k.startsWith("G.")), name + ": " + read.keySet());
            assertEquals("G.cont_enc.model.0.conv.bias", read.keySet().iterator().next(), "file order");
            assertFalse(read.containsKey("iter") || read.containsKey("epoch"));
        }
    }

    @Test
    void int64CountersStayInt64() throws IOException {
        Path dir = Path.of(System.getProperty("chimera.golden.dir"), "clvae-spade-generator");
        for (String name : List.of("weights.pth", "weights-legacy.pth", "weights.safetensors")) {
            Map<String, NDArray> read = Checkpoints.read(dir.resolve(name), manager);
            List<NDArray> counters = read.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("num_batches_tracked")).map(Map.Entry::getValue).toList();

            assertFalse(counters.isEmpty(), name);
            counters.forEach(c -> assertEquals(DataType.INT64, c.getDataType(), name));
            counters.forEach(c -> assertEquals(0, c.getShape().dimension(), name));
        }
    }
}
