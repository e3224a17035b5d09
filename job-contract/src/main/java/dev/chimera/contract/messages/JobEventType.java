package dev.chimera.contract.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happened to an attempt of a job, as reported by the worker running it. */
public enum JobEventType {
    STARTED,
    HEARTBEAT,
    PROGRESS,
    CHECKPOINT,
    SUCCEEDED,
    FAILED,
    RELEASED;

    /** The lowercase name used in JSON and in the job's timeline. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event type with this wire name, if any. */
    public static Optional<JobEventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(wireName)).findFirst();
    }

    /** An unknown type fails the read: a consumer cannot apply an event it does not understand. */
    @JsonCreator
    static JobEventType fromJson(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown job event type: " + wireName));
    }
}
