package dev.chimera.worker.service;

/** How one work order ended for this worker; every outcome but {@link #NOT_STARTED} commits the order's offset. */
public enum JobOutcome {
    /** Results written, {@code succeeded} published. */
    SUCCEEDED,
    /** {@code failed} published with a code. */
    FAILED,
    /** Stopped by a cancel command; nothing published. */
    CANCELED,
    /** Stopped for shutdown; {@code released} published so that another worker takes the job. */
    RELEASED,
    /** The lease could not be renewed; nothing published, another attempt owns the job. */
    LEASE_LOST,
    /** Another worker holds the attempt, or it is stale or finished; the order is skipped. */
    CLAIM_LOST,
    /**
     * The order was not taken: the worker is shutting down or the database was unreachable for the claim. It
     * stays uncommitted and is read again (by this worker after a pause, or by another one).
     */
    NOT_STARTED
}
