package dev.chimera.storage.jobs;

import java.util.Arrays;
import java.util.Locale;

/** What a timeline entry records. */
public enum JobEventType {
    /** The job was inserted, status queued. */
    SUBMITTED,
    /** The status changed; the payload names {@code from} and {@code to}. */
    TRANSITIONED,
    /** A running job went back to queued with attempt + 1. */
    REDISPATCHED,
    /** A worker took the lease for this attempt (written by earlier releases; kept so their timelines read). */
    LEASE_CLAIMED,
    /** The running attempt wrote a checkpoint; the payload names its {@code checkpointKey}. */
    CHECKPOINTED,
    /** The running attempt read inversions from the job cache; the payload names their {@code inputs} (roles). */
    INVERSION_CACHED;

    /** The lowercase, dash-separated name stored in {@code job_events.type}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static JobEventType fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown job event type in database: " + wireName));
    }
}
