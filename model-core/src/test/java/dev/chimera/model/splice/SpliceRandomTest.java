package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpliceRandomTest {

    @Test
    void aGeneratorRebuiltFromASavedStateContinuesTheSameSequence() {
        SpliceRandom original = new SpliceRandom(42);
        for (int i = 0; i < 17; i++) {
            original.nextLong();
        }
        SpliceRandom restored = SpliceRandom.fromState(original.state());

        for (int i = 0; i < 100; i++) {
            assertEquals(original.nextLong(), restored.nextLong());
        }
        assertArrayEquals(original.state(), restored.state());
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        assertNotEquals(new SpliceRandom(1).nextLong(), new SpliceRandom(2).nextLong());
    }

    @Test
    void gaussianSamplesHaveUnitVarianceAndUniformIntsStayInBounds() {
        SpliceRandom random = new SpliceRandom(7);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            sum += x;
            sumSq += x * x;
            int k = random.nextInt(5);
            if (k < 0 || k >= 5) {
                throw new AssertionError("nextInt(5) gave " + k);
            }
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sumSq / n, 0.01);
    }

    @Test
    void refusesTheAllZeroState() {
        assertThrows(IllegalArgumentException.class, () -> SpliceRandom.fromState(new long[4]));
    }
}
