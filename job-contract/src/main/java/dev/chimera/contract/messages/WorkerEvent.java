package dev.chimera.contract.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One event of one attempt of a job, sent by the worker running it on {@code chimera.jobs.events}: one small record
 * per kind, each carrying exactly what its kind says. On the wire an event is one flat JSON object whose
 * {@code type} names its kind ({@link WorkerEventType#wireName()}); readers ignore fields they do not know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonPropertyOrder({"schemaVersion", "jobId", "attempt", "type", "workerId", "occurredAt"})
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkerEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = WorkerEvent.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = WorkerEvent.ProgressReport.class, name = "progress"),
        @JsonSubTypes.Type(value = WorkerEvent.CheckpointWritten.class, name = "checkpoint"),
        @JsonSubTypes.Type(value = WorkerEvent.InversionCached.class, name = "inversion_cached"),
        @JsonSubTypes.Type(value = WorkerEvent.Succeeded.class, name = "succeeded"),
        @JsonSubTypes.Type(value = WorkerEvent.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = WorkerEvent.Released.class, name = "released")})
public sealed interface WorkerEvent {

    /** The message schema version the sender wrote. */
    int schemaVersion();

    /** The job the event is about. */
    UUID jobId();

    /** The attempt of the job the worker runs; an event of any other attempt is stale. */
    int attempt();

    /** The worker that sent the event. */
    String workerId();

    /** When it happened, by the worker's clock. */
    Instant occurredAt();

    /** The kind of event: its {@code type} in JSON, and its name in logs and metrics. */
    @JsonProperty("type")
    WorkerEventType type();

    /** The worker claimed the job, holds it until {@code leaseExpiresAt} and runs it on {@code device}. */
    record Started(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            Instant leaseExpiresAt, String device) implements WorkerEvent {

        /** Checks the common fields, the lease and the device. */
        public Started {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            MessageChecks.present(leaseExpiresAt, "leaseExpiresAt");
            MessageChecks.present(device, "device");
        }

        /** A started event at the current schema version. */
        public Started(UUID jobId, int attempt, String workerId, Instant occurredAt, Instant leaseExpiresAt,
                String device) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, leaseExpiresAt, device);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.STARTED;
        }
    }

    /** The worker is alive and extends its lease to {@code leaseExpiresAt}. */
    record Heartbeat(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            Instant leaseExpiresAt) implements WorkerEvent {

        /** Checks the common fields and the lease. */
        public Heartbeat {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            MessageChecks.present(leaseExpiresAt, "leaseExpiresAt");
        }

        /** A heartbeat at the current schema version. */
        public Heartbeat(UUID jobId, int attempt, String workerId, Instant occurredAt, Instant leaseExpiresAt) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, leaseExpiresAt);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.HEARTBEAT;
        }
    }

    /**
     * How far the run is. Every run reports the fraction done; the parts after it are null where the run has nothing
     * to say: {@code stage}, {@code step} and {@code totalSteps} where it has no named steps, {@code previewKey}
     * unless a new preview image was just written, and the speed, time left and loss terms unless it trains.
     *
     * @param progress fraction done, 0..1
     * @param stepsPerSecond training speed of this attempt
     * @param etaSeconds estimated seconds until the last step
     * @param losses the newest step's loss terms by name
     */
    record ProgressReport(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            double progress, String stage, Long step, Long totalSteps, String previewKey, Double stepsPerSecond,
            Double etaSeconds, Map<String, Double> losses) implements WorkerEvent {

        /** Checks the common fields, the fraction, the step counters, the speed and the loss terms. */
        public ProgressReport {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            if (!(progress >= 0.0 && progress <= 1.0)) {
                throw new IllegalArgumentException("progress must be within 0..1, was " + progress);
            }
            if (step != null && totalSteps != null && (step < 0 || step > totalSteps)) {
                throw new IllegalArgumentException("step must be within 0.." + totalSteps + ", was " + step);
            }
            nonNegative(stepsPerSecond, "stepsPerSecond");
            nonNegative(etaSeconds, "etaSeconds");
            if (losses != null) {
                losses.forEach((name, value) -> {
                    if (name == null || value == null || !Double.isFinite(value)) {
                        throw new IllegalArgumentException("a loss term needs a name and a finite value: " + name
                                + " = " + value);
                    }
                });
                losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
            }
        }

        /** A run's progress at the current schema version; the stage, the step counters and the preview may be null. */
        public static ProgressReport of(UUID jobId, int attempt, String workerId, Instant occurredAt,
                double progress, String stage, Long step, Long totalSteps, String previewKey) {
            return new ProgressReport(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, progress, stage,
                    step, totalSteps, previewKey, null, null, null);
        }

        /**
         * A training run's progress at the current schema version: the step counters, the speed of this attempt, the
         * estimated seconds left, the newest step's loss terms and, when one was just written, the preview's key
         * (else null).
         */
        public static ProgressReport training(UUID jobId, int attempt, String workerId, Instant occurredAt,
                double progress, String stage, long step, long totalSteps, String previewKey, double stepsPerSecond,
                double etaSeconds, Map<String, Double> losses) {
            return new ProgressReport(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, progress, stage,
                    step, totalSteps, previewKey, stepsPerSecond, etaSeconds, losses);
        }

        /** The same report naming {@code otherPreviewKey} as its preview. */
        public ProgressReport withPreviewKey(String otherPreviewKey) {
            return new ProgressReport(schemaVersion, jobId, attempt, workerId, occurredAt, progress, stage, step,
                    totalSteps, otherPreviewKey, stepsPerSecond, etaSeconds, losses);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.PROGRESS;
        }

        private static void nonNegative(Double value, String name) {
            if (value != null && !(value >= 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException(name + " must be finite and not negative, was " + value);
            }
        }
    }

    /** A checkpoint of the run at {@code step} was written to {@code checkpointKey}. */
    record CheckpointWritten(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            String checkpointKey, long step) implements WorkerEvent {

        /** Checks the common fields and the key. */
        public CheckpointWritten {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            MessageChecks.present(checkpointKey, "checkpointKey");
        }

        /** A checkpoint event at the current schema version. */
        public CheckpointWritten(UUID jobId, int attempt, String workerId, Instant occurredAt, String checkpointKey,
                long step) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, checkpointKey, step);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.CHECKPOINT;
        }
    }

    /**
     * The inversions of the job's {@code inputs} (their roles, at least one) were read from the job cache, made by an
     * earlier job with the same image, weights and settings, instead of being computed by this attempt.
     */
    record InversionCached(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            List<String> inputs) implements WorkerEvent {

        /** Checks the common fields and that at least one input is named. */
        public InversionCached {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            inputs = MessageChecks.nonEmpty(inputs, "inputs");
        }

        /** A cache hit at the current schema version. */
        public InversionCached(UUID jobId, int attempt, String workerId, Instant occurredAt, List<String> inputs) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, inputs);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.INVERSION_CACHED;
        }
    }

    /** The run finished and wrote {@code resultKeys}, at least one. */
    record Succeeded(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            List<String> resultKeys) implements WorkerEvent {

        /** Checks the common fields and that there is a result. */
        public Succeeded {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            resultKeys = MessageChecks.nonEmpty(resultKeys, "resultKeys");
        }

        /** A success at the current schema version. */
        public Succeeded(UUID jobId, int attempt, String workerId, Instant occurredAt, List<String> resultKeys) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, resultKeys);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.SUCCEEDED;
        }
    }

    /** The run failed with a machine-readable {@code errorCode}; {@code retryable}: another attempt could succeed. */
    record Failed(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt, String errorCode,
            String errorMessage, boolean retryable) implements WorkerEvent {

        /** Checks the common fields, the code and the message. */
        public Failed {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
            MessageChecks.present(errorCode, "errorCode");
            MessageChecks.present(errorMessage, "errorMessage");
        }

        /** A failure at the current schema version. */
        public Failed(UUID jobId, int attempt, String workerId, Instant occurredAt, String errorCode,
                String errorMessage, boolean retryable) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, errorCode, errorMessage, retryable);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.FAILED;
        }
    }

    /**
     * The worker gave the job back (e.g. on shutdown); {@code checkpointKey} is where to resume, null for a job
     * released before its first checkpoint, which restarts.
     */
    record Released(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt,
            String checkpointKey) implements WorkerEvent {

        /** Checks the common fields. */
        public Released {
            checkCommon(schemaVersion, jobId, attempt, workerId, occurredAt);
        }

        /** A release at the current schema version. */
        public Released(UUID jobId, int attempt, String workerId, Instant occurredAt, String checkpointKey) {
            this(SchemaVersion.CURRENT, jobId, attempt, workerId, occurredAt, checkpointKey);
        }

        @Override
        public WorkerEventType type() {
            return WorkerEventType.RELEASED;
        }
    }

    private static void checkCommon(int schemaVersion, UUID jobId, int attempt, String workerId, Instant occurredAt) {
        SchemaVersion.check(schemaVersion);
        MessageChecks.present(jobId, "jobId");
        MessageChecks.attempt(attempt);
        MessageChecks.present(workerId, "workerId");
        MessageChecks.present(occurredAt, "occurredAt");
    }
}
