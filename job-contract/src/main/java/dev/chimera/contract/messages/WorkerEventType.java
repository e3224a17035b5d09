package dev.chimera.contract.messages;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of {@link WorkerEvent}: what happened to an attempt of a job, as reported by the worker running it. */
public enum WorkerEventType {
    STARTED,
    HEARTBEAT,
    PROGRESS,
    CHECKPOINT,
    INVERSION_CACHED,
    SUCCEEDED,
    FAILED,
    RELEASED;

    /** The lowercase name used as the event's {@code type} in JSON, in logs and in metrics. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
