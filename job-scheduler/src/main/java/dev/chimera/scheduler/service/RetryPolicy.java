package dev.chimera.scheduler.service;

import java.time.Duration;

/**
 * How many attempts a job gets and how long to wait before the next one: {@code base · 2^(attempt-1)}, capped.
 *
 * @param maxAttempts attempts in total, the first one included
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /** True when a job whose {@code attempt} just ended may run again. */
    public boolean allowsAnotherAttempt(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after {@code attempt} failed before attempt + 1 is dispatched. */
    public Duration backoffAfter(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        Duration backoff = base.multipliedBy(1L << doublings);
        return backoff.compareTo(max) > 0 ? max : backoff;
    }
}
