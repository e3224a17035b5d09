package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ObjectSegmentationTest {

    @Test
    void aClusterIsTheObjectWhenItsScoreExceedsOnePointFourTimesTheMeanOfTheOthersWithoutTheBest() {
        // Best 0.9 is left out; the others average 0.25, so the threshold is 0.35.
        boolean[] object = ObjectSegmentation.objectClusters(new double[] {0.1, 0.9, 0.36, 0.2, 0.34});

        assertArrayEquals(new boolean[] {false, true, true, false, false}, object);
    }

    @Test
    void theNounMapIsRepeatedTwiceAlongBothAxesAndShiftedAndScaledBeforeScoring() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A 2×2 noun map over a 4×4 grid; cluster 0 is the top-left quarter, cluster 1 the rest.
            NDArray noun = manager.create(new float[] {3, 1, 1, 1}, new Shape(4));
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                labels[i] = (i / 4 < 2 && i % 4 < 2) ? 0 : 1;
            }

            double[] scores = ObjectSegmentation.scores(labels, noun, 2);

            // (m − |min|)/max: 3 → 2/3, 1 → 0.
            assertEquals(2.0 / 3, scores[0], 1e-6);
            assertEquals(0.0, scores[1], 1e-9);
            NDArray mask = ObjectSegmentation.mask(labels, noun, 2, manager);
            assertEquals(new Shape(4, 4), mask.getShape());
            assertEquals(4L, mask.sum().getLong());
            assertEquals(1L, mask.getLong(0, 1));
            assertEquals(0L, mask.getLong(2, 2));
        }
    }
}
