package dev.chimera.contract;

/**
 * How a job failure is handled, by what caused it: the job itself, a server it needed, or something nobody foresaw.
 * docs/operations.md ("Failures and retries") states the rules for operators.
 */
public enum FailureClass {
    /**
     * The job can never work as submitted (its input, its parameters, its method, its size, its numbers): it ends
     * {@code failed} at once and is never retried, since every attempt would end the same way.
     */
    DETERMINISTIC,
    /**
     * A server the job needed (object storage, the database, the broker) did not answer. The worker waits and
     * retries the operation in place with a capped backoff, without spending an attempt; only an outage that
     * outlasts its patience is reported, and the scheduler retries it as it retries an {@link #UNKNOWN} failure.
     */
    INFRASTRUCTURE,
    /** Anything else (a crash inside the worker): retried on a new attempt after a backoff spanning minutes. */
    UNKNOWN;

    /** Whether a later attempt of the same job could succeed. */
    public boolean retryable() {
        return this != DETERMINISTIC;
    }
}
