package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpliceLossConfigTest {

    private final SpliceLossConfig published = SpliceLossConfig.splice();

    @Test
    void theFirstStepHasOnlyTheAppearanceTermsAndTheEntireImage() {
        assertArrayEquals(new float[] {0, 1, 10, 10, 0}, published.weightsAt(0));
    }

    @Test
    void afterTheWarmUpStructureAndIdentityAreOnAndTheEntireImageOnlyEverySeventyFiveSteps() {
        assertArrayEquals(new float[] {1, 0, 0, 10, 1}, published.weightsAt(1));
        assertArrayEquals(new float[] {1, 1, 10, 10, 1}, published.weightsAt(150));
        assertTrue(published.entireImageStep(75));
        assertFalse(published.entireImageStep(76));
    }
}
