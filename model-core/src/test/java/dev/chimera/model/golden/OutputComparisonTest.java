package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The elementwise rule |java - golden| <= atol + rtol·|golden|, exact shapes and exact int64. */
class OutputComparisonTest {

    private static final Tolerance TIGHT = new Tolerance(1e-5, 1e-5, Map.of());

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
    void reportsTheLargestAbsoluteAndRelativeErrors() {
        NDArray golden = manager.create(new float[] {1, -4, 0});
        NDArray java = manager.create(new float[] {1.5f, -5, 0.25f});

        OutputComparison c = OutputComparison.compare(golden, java, new Tolerance(1, 0, Map.of()));

        assertEquals(1.0, c.maxAbsError(), 1e-12);
        assertEquals(0.5, c.maxRelError(), 1e-12);
        assertTrue(c.passed());
    }

    @Test
    void aDifferentShapeFailsEvenWithTheSameElements() {
        NDArray golden = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));

        OutputComparison c = OutputComparison.compare(golden, golden.reshape(4), TIGHT);

        assertFalse(c.passed());
        assertEquals("shape (4), expected (2, 2)", c.problem());
    }

    @Test
    void int64OutputsMustMatchExactly() {
        NDArray golden = manager.create(new long[] {3, 4});

        assertTrue(OutputComparison.compare(golden, manager.create(new long[] {3, 4}), TIGHT).passed());
        assertFalse(OutputComparison.compare(golden, manager.create(new long[] {3, 5}),
                new Tolerance(10, 10, Map.of())).passed());
        assertFalse(OutputComparison.compare(golden, manager.create(new float[] {3, 4}), TIGHT).passed());
    }

    @Test
    void aNotANumberNeverPasses() {
        NDArray golden = manager.create(new float[] {1, 2});

        OutputComparison c = OutputComparison.compare(golden, manager.create(new float[] {1, Float.NaN}),
                new Tolerance(1e9, 1, Map.of()));

        assertFalse(c.passed());
    }

    @Test
    void perOutputToleranceWinsOverTheFamilyAndTheFallback() throws Exception {
        var tolerance = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"rtol": 1e-5, "atol": 2e-3,
                 "per_output": {"a": {"rtol": 0.0, "atol": 1e-7}, "grad.<p>": {"rtol": 1e-4, "atol": 1e-6}},
                 "element_exceptions": {"after.w": {"flat_indices": [5], "atol": 0.0042}}}
                """);

        assertEquals(new Tolerance(1e-7, 0.0, Map.of()), Tolerance.of(tolerance, "a", "a"));
        assertEquals(new Tolerance(1e-6, 1e-4, Map.of()), Tolerance.of(tolerance, "grad.w", "grad.<p>"));
        Tolerance fallback = Tolerance.of(tolerance, "after.w", "after.<k>");
        assertEquals(2e-3, fallback.atolAt(4));
        assertEquals(0.0042, fallback.atolAt(5));
    }
}
