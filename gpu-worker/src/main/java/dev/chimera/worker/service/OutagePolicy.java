package dev.chimera.worker.service;

import java.time.Duration;

/**
 * How long a worker waits out an outage of a server a job needs (object storage, the database, the broker): the
 * operation is tried again in place after {@code firstWait}, doubling up to {@code maxWait} between tries, until
 * the waits add up to {@code patience}. Meanwhile the job keeps its attempt; only an outage that outlasts the
 * patience fails it ({@code storage_unavailable}, which the scheduler retries after its backoff).
 */
public record OutagePolicy(Duration firstWait, Duration maxWait, Duration patience) {

    /** The waits of a worker in service: half a second at first, at most ten seconds apart. */
    public static OutagePolicy withPatience(Duration patience) {
        return new OutagePolicy(Duration.ofMillis(500), Duration.ofSeconds(10), patience);
    }

    /** Checks that the waits are positive and ordered. */
    public OutagePolicy {
        if (firstWait.isNegative() || firstWait.isZero() || maxWait.compareTo(firstWait) < 0 || patience.isNegative()) {
            throw new IllegalArgumentException("outage waits must be positive, the first no longer than the longest, "
                    + "were " + firstWait + ", " + maxWait + " within " + patience);
        }
    }

    /** The wait before try {@code retry + 1} (the first retry is 1). */
    public Duration waitBefore(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
