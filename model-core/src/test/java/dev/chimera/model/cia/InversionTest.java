package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class InversionTest {

    @Test
    void anInversionWrittenAndReadBackIsTheSameInversion(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Inversion written = new Inversion(manager.randomNormal(new Shape(8, 4, 6, 6)),
                    manager.randomNormal(new Shape(7, 4, 6, 6)), 3, 10);
            Path file = dir.resolve("inversion.safetensors");
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                written.write(out);
            }

            Inversion read = Inversion.read(file, manager);

            assertEquals(3, read.firstStep());
            assertEquals(10, read.steps());
            assertTrue(read.xts().contentEquals(written.xts()));
            assertTrue(read.zs().contentEquals(written.zs()));
        }
    }

    @Test
    void stepsAreAddressedByTheirScheduleIndexAndStepsBeforeTheFirstAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Inversion inversion = new Inversion(manager.arange(8f * 2).reshape(8, 2, 1, 1),
                    manager.arange(7f * 2).reshape(7, 2, 1, 1), 3, 10);

            assertEquals(2f, inversion.latent(4).getFloat(0, 0, 0));
            assertEquals(new Shape(3, 2, 1, 1), inversion.noiseFrom(7).getShape());
            assertThrows(IllegalArgumentException.class, () -> inversion.latent(2));
        }
    }

    @Test
    void rowsThatDoNotMatchTheStepsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new Inversion(manager.zeros(new Shape(8, 4, 2, 2)),
                    manager.zeros(new Shape(8, 4, 2, 2)), 3, 10));
        }
    }
}
