package dev.chimera.storage.jobs;

/** Why a transition, lease or progress write was not applied. */
public enum Refusal {
    /** The state machine of the contract does not allow this move at all. */
    ILLEGAL_TRANSITION,
    /** The job is no longer in the expected status or attempt: someone else moved it first, or the message is old. */
    STALE,
    /** There is no such job. */
    UNKNOWN_JOB
}
