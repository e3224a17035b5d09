package dev.chimera.scheduler.service;

import dev.chimera.contract.FailureClass;
import dev.chimera.contract.FailureCode;
import java.time.Duration;

/**
 * Which failed attempts are tried again, and after how long: a failure whose {@link FailureClass} is retryable gets
 * another attempt while attempts are left, after {@code base · 2^(attempt-1)}, capped at {@code max}. The defaults
 * (60 s, doubling, 3 attempts) spread a job's retries over minutes, so a failure caused by something passing does
 * not use them all up within seconds. A deterministic failure ends the job at once.
 *
 * @param maxAttempts attempts in total, the first one included
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /**
     * True when a job whose {@code attempt} failed with {@code errorCode} is tried again. The contract's class of a
     * known code decides; for a code this scheduler does not know (a newer worker's), the worker's
     * {@code reportedRetryable} does.
     */
    public boolean retries(String errorCode, boolean reportedRetryable, int attempt) {
        boolean retryable = FailureCode.fromWireName(errorCode).map(FailureCode::retryable).orElse(reportedRetryable);
        return retryable && allowsAnotherAttempt(attempt);
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
