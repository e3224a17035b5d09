package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.messages.WorkerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ProgressThrottle throttle = new ProgressThrottle(Duration.ofMillis(500));
    private final UUID job = UUID.randomUUID();

    private WorkerEvent.ProgressReport progress(double fraction) {
        return WorkerEvent.ProgressReport.of(job, 1, "worker", T0, fraction, "generating", null, null, null);
    }

    @Test
    void letsTheFirstProgressOfAJobThrough() {
        assertEquals(Optional.of(progress(0.1)), throttle.offer(progress(0.1), T0));
    }

    @Test
    void holdsBackProgressWithinTheIntervalAndKeepsOnlyTheNewest() {
        throttle.offer(progress(0.1), T0);

        assertTrue(throttle.offer(progress(0.2), T0.plusMillis(100)).isEmpty());
        assertTrue(throttle.offer(progress(0.3), T0.plusMillis(200)).isEmpty());

        assertEquals(List.of(), throttle.takeDue(T0.plusMillis(499)));
        assertEquals(List.of(progress(0.3)), throttle.takeDue(T0.plusMillis(500)));
        assertEquals(List.of(), throttle.takeDue(T0.plusMillis(2_000)));
    }

    @Test
    void aWrittenHeldBackProgressStartsANewInterval() {
        throttle.offer(progress(0.1), T0);
        throttle.offer(progress(0.2), T0.plusMillis(100));
        throttle.takeDue(T0.plusMillis(600));

        assertTrue(throttle.offer(progress(0.4), T0.plusMillis(700)).isEmpty());
        assertEquals(Optional.of(progress(0.5)), throttle.offer(progress(0.5), T0.plusMillis(1_100)));
    }

    @Test
    void handsOverTheHeldBackProgressBeforeTheAttemptEnds() {
        throttle.offer(progress(0.1), T0);
        throttle.offer(progress(0.9), T0.plusMillis(10));

        assertEquals(Optional.of(progress(0.9)), throttle.takePendingAndForget(job));
        assertEquals(Optional.empty(), throttle.takePendingAndForget(job));
        assertEquals(Optional.of(progress(0.95)), throttle.offer(progress(0.95), T0.plusMillis(20)));
    }

    @Test
    void throttlesEachJobOnItsOwn() {
        WorkerEvent.ProgressReport other = WorkerEvent.ProgressReport.of(UUID.randomUUID(), 1, "worker", T0, 0.1, null,
                null, null, null);
        throttle.offer(progress(0.1), T0);

        assertEquals(Optional.of(other), throttle.offer(other, T0.plusMillis(1)));
    }

    @Test
    void aHeldBackPreviewKeySurvivesANewerReportWithoutOne() {
        throttle.offer(progress(0.1), T0);
        throttle.offer(training(20, "jobs/j/previews/step-20.png"), T0.plusMillis(100));
        throttle.offer(training(21, null), T0.plusMillis(200));

        WorkerEvent.ProgressReport written = throttle.takeDue(T0.plusMillis(500)).get(0);
        assertEquals(21L, written.step());
        assertEquals("jobs/j/previews/step-20.png", written.previewKey());
        assertEquals(3.0, written.stepsPerSecond());
    }

    private WorkerEvent.ProgressReport training(long step, String previewKey) {
        return WorkerEvent.ProgressReport.training(job, 1, "worker", T0, step / 100.0, "training", step, 100,
                previewKey, 3.0, (100 - step) / 3.0, Map.of("loss", 1.0 / step));
    }
}
