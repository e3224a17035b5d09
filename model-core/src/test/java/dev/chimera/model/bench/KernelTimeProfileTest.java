package dev.chimera.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The kernel share counts each moment inside libtorch once, and Java-side work lowers it. */
class KernelTimeProfileTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void nestedOperatorsCountOnceAndThreadsAddUp() throws IOException {
        String trace = """
                [
                 {"name": "aten::conv2d", "ph": "X", "ts": 100.0, "dur": 50.0, "tid": 1},
                 {"name": "aten::mkldnn_convolution", "ph": "X", "ts": 110.0, "dur": 30.0, "tid": 1},
                 {"name": "aten::add", "ph": "X", "ts": 140.0, "dur": 20.0, "tid": 1},
                 {"name": "aten::mul", "ph": "X", "ts": 200.0, "dur": 5.0, "tid": 1},
                 {"name": "aten::mul", "ph": "X", "ts": 100.0, "dur": 7.0, "tid": 2},
                 {"name": "marker", "ph": "i", "ts": 300.0, "tid": 1}
                ]
                """;

        assertEquals(60 + 5 + 7, KernelTimeProfile.operatorMicros(new ObjectMapper().readTree(trace)), 1e-9);
    }

    @Test
    void aLargeMatrixProductSpendsMostOfItsTimeInKernels() throws IOException {
        NDArray a = manager.randomNormal(new Shape(768, 768));

        KernelTimeProfile.Measurement m = KernelTimeProfile.measure(() -> {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray product = a.matMul(a);
                product.attach(scratch);
                for (int i = 0; i < 3; i++) {
                    NDArray next = product.matMul(a).div(768f);
                    next.attach(scratch);
                    product = next;
                }
            }
        }, dir.resolve("matmul.json"));

        assertTrue(m.kernelMillis() > 0, m.toString());
        assertTrue(m.kernelMillis() <= m.wallMillis() * 1.01, m.toString());
        assertTrue(m.kernelShare() > 0.5, m.toString());
    }

    @Test
    void timeSpentInJavaBetweenOperatorsIsNotKernelTime() throws IOException {
        NDArray a = manager.ones(new Shape(4));

        KernelTimeProfile.Measurement m = KernelTimeProfile.measure(() -> {
            a.add(1f).close();
            long until = System.nanoTime() + 100_000_000L;
            double sink = 0;
            while (System.nanoTime() < until) {
                sink += Math.sqrt(sink + 1);
            }
            assertTrue(sink > 0);
            a.add(2f).close();
        }, dir.resolve("java.json"));

        assertTrue(m.wallMillis() >= 100, m.toString());
        assertTrue(m.kernelShare() < 0.5, m.toString());
    }
}
