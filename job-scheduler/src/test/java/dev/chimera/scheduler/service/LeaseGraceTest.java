package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.scheduler.testing.MutableClock;
import dev.chimera.storage.jobs.JobStoreUnavailableException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseGraceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final LeaseGrace grace = new LeaseGrace(Duration.ofSeconds(30), clock);

    @Test
    void leasesAreJudgedWhileTheDatabaseHasNeverBeenLost() {
        assertTrue(grace.judgingLeases());
        grace.sweepFailed(new IllegalStateException("a bug, not an outage"));
        assertTrue(grace.judgingLeases());
    }

    @Test
    void afterADatabaseOutageNoLeaseIsJudgedUntilLiveWorkersHadTheGraceToRenew() {
        grace.sweepFailed(unreachable());
        clock.advance(Duration.ofSeconds(60));
        assertFalse(grace.judgingLeases(), "not while the database is away");

        grace.sweepSucceeded();
        clock.advance(Duration.ofSeconds(29));
        assertFalse(grace.judgingLeases());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(grace.judgingLeases());
    }

    @Test
    void anOutageDuringTheGraceStartsItAgainWhenTheDatabaseIsBack() {
        grace.sweepFailed(unreachable());
        grace.sweepSucceeded();
        clock.advance(Duration.ofSeconds(20));
        grace.sweepFailed(unreachable());
        clock.advance(Duration.ofSeconds(20));
        grace.sweepSucceeded();

        clock.advance(Duration.ofSeconds(29));
        assertFalse(grace.judgingLeases());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(grace.judgingLeases());
    }

    @Test
    void sweepsThatKeepReachingTheDatabaseStartNoGrace() {
        grace.sweepSucceeded();
        grace.sweepSucceeded();

        assertTrue(grace.judgingLeases());
    }

    private static JobStoreUnavailableException unreachable() {
        return new JobStoreUnavailableException("jdbc:postgresql://127.0.0.1:1/none", new ConnectException("refused"));
    }
}
