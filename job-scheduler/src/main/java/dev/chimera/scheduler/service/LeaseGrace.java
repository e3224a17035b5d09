package dev.chimera.scheduler.service;

import dev.chimera.storage.jobs.JobStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * When the lease watchdog may judge leases again after the database was unreachable. While PostgreSQL is down no
 * worker can renew its lease, however healthy its job, and no claim or re-dispatch can happen either, so nobody else
 * can run the job meanwhile. Once the database answers again, every running job's lease may look expired: the
 * watchdog then waits {@code grace} (longer than a third of the workers' lease TTL, their renewal period) so that
 * each live worker renews first, and only the leases of workers that are really gone are judged after it.
 *
 * <p>A worker's renewal and the watchdog's re-dispatch are conditional updates of the same row (owner and attempt
 * for the one, status and attempt for the other), so even when the grace is too short exactly one of them wins: a
 * worker that loses stops and publishes nothing, and the job is not run twice.
 */
public final class LeaseGrace {

    private static final Logger LOG = Logger.getLogger(LeaseGrace.class);

    private final Duration grace;
    private final Clock clock;
    private boolean databaseLost;
    private Instant judgeFrom = Instant.MIN;

    /** A grace of {@code grace} after every database outage the watchdog saw, timed by {@code clock}. */
    public LeaseGrace(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /** Records a sweep that failed; an unreachable database starts an outage. */
    public synchronized void sweepFailed(RuntimeException failure) {
        if (failure instanceof JobStoreUnavailableException) {
            databaseLost = true;
        }
    }

    /** Records a sweep that reached the database; the first one after an outage starts the grace. */
    public synchronized void sweepSucceeded() {
        if (databaseLost) {
            databaseLost = false;
            judgeFrom = clock.instant().plus(grace);
            LOG.infof("database back; leases are judged again after the grace graceMs=%d", grace.toMillis());
        }
    }

    /** Whether leases may be judged now: not during an outage, nor within the grace after it. */
    public synchronized boolean judgingLeases() {
        return !databaseLost && !clock.instant().isBefore(judgeFrom);
    }
}
