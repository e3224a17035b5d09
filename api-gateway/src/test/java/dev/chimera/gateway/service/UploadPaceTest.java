package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UploadPaceTest {

    private static final long SECOND = 1_000_000_000L;

    private final UploadPace pace = new UploadPace(0, Duration.ofSeconds(60), Duration.ofSeconds(10), 1000);

    @Test
    void aBodyIsJudgedOnlyOnceItsFirstWindowHasPassed() {
        assertEquals(UploadPace.Verdict.ON_PACE, pace.look(9 * SECOND, 0));
    }

    @Test
    void aBodyThatTricklesOneByteASecondIsTooSlowAfterOneWindow() {
        assertEquals(UploadPace.Verdict.TOO_SLOW, pace.look(10 * SECOND, 10));
    }

    @Test
    void eachWindowIsJudgedByTheBytesThatCameInIt() {
        assertEquals(UploadPace.Verdict.ON_PACE, pace.look(10 * SECOND, 50_000));
        assertEquals(UploadPace.Verdict.ON_PACE, pace.look(15 * SECOND, 50_000));
        // Nothing came in the second window, however much came in the first.
        assertEquals(UploadPace.Verdict.TOO_SLOW, pace.look(20 * SECOND, 50_000));
    }

    @Test
    void aFastBodyStillEndsAtTheDeadline() {
        for (int second = 10; second < 60; second += 10) {
            assertEquals(UploadPace.Verdict.ON_PACE, pace.look(second * SECOND, second * 100_000L));
        }
        assertEquals(UploadPace.Verdict.PAST_DEADLINE, pace.look(60 * SECOND, 6_000_000));
    }
}
