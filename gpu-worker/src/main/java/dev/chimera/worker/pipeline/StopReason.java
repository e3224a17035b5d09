package dev.chimera.worker.pipeline;

/** Why a running job was told to stop before it finished. */
public enum StopReason {
    /** The job was canceled through the control topic; the attempt is dropped, nothing is published. */
    CANCELED,
    /** The worker is shutting down; the job is released so that another worker runs it. */
    SHUTDOWN,
    /** The worker could not renew its lease: another attempt may already run, so nothing is published. */
    LEASE_LOST
}
