package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The lifecycle state of a job; the allowed moves between states are one table, built once below. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED,
    EXPIRED;

    /**
     * The whole state machine. queued→failed covers poison or unroutable jobs; running→queued is a re-dispatch after
     * a lost lease or a {@code released} event, which the store pairs with attempt+1.
     */
    private static final Map<JobStatus, Set<JobStatus>> TRANSITIONS = transitions();

    private static Map<JobStatus, Set<JobStatus>> transitions() {
        Map<JobStatus, Set<JobStatus>> table = new EnumMap<>(JobStatus.class);
        for (JobStatus status : values()) {
            table.put(status, Collections.unmodifiableSet(EnumSet.noneOf(JobStatus.class)));
        }
        table.put(QUEUED, Collections.unmodifiableSet(EnumSet.of(RUNNING, CANCELED, EXPIRED, FAILED)));
        table.put(RUNNING, Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, FAILED, CANCELED, QUEUED)));
        return Collections.unmodifiableMap(table);
    }

    /** The lowercase name used in JSON, URLs and the database. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name, if any. */
    public static Optional<JobStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(wireName)).findFirst();
    }

    @JsonCreator
    static JobStatus fromJson(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown job status: " + wireName));
    }

    /** True when the job can never change state again. */
    public boolean isTerminal() {
        return allowedNext().isEmpty();
    }

    /** The states a job in this state may move to (empty for terminal states). */
    public Set<JobStatus> allowedNext() {
        return TRANSITIONS.get(this);
    }

    /** True when the move from this state to {@code next} is allowed. */
    public boolean canMoveTo(JobStatus next) {
        return allowedNext().contains(next);
    }
}
