package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Safetensors files over 2 GiB are addressed with 64-bit offsets; only a single array is bounded by 2^31 - 1 bytes. */
class LargeSafetensorsTest {

    private final Path file = Path.of("target", "large-" + System.nanoTime() + ".safetensors");
    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void cleanUp() throws IOException {
        manager.close();
        Files.deleteIfExists(file);
    }

    @Test
    void aTensorStartingPast2GiBLoads() throws IOException {
        SparseSafetensors.write(file, false);

        Map<String, NDArray> read = Checkpoints.read(file, manager);

        assertTrue(Files.size(file) > (5L << 29), "file of " + Files.size(file) + " bytes");
        assertEquals(List.of("first", "last"), List.copyOf(read.keySet()));
        assertArrayEquals(SparseSafetensors.FIRST, read.get("first").toFloatArray());
        assertArrayEquals(SparseSafetensors.LAST, read.get("last").toFloatArray());
    }

    @Test
    void aTensorTooLargeForOneArrayIsRefusedByName() throws IOException {
        SparseSafetensors.write(file, true);

        CheckpointFormatException refused = assertThrows(CheckpointFormatException.class,
                () -> Checkpoints.read(file, manager));

        assertEquals("tensor hole of " + file + " takes 2684354560 bytes as float32, more than one array can hold"
                + " (2^31 - 1)", refused.getMessage());
    }
}
