package dev.chimera.contract.messages;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One event of one attempt of a job, sent by a worker on {@code chimera.jobs.events}; the fields after
 * {@code occurredAt} are present only for the types that carry them (see the factories).
 *
 * @param progress fraction done, 0..1
 * @param step steps done so far, with {@code totalSteps} the steps of the whole run
 * @param previewKey object key of the newest preview image
 * @param leaseExpiresAt until when the worker holds the job (started, heartbeat)
 * @param checkpointKey object key of the checkpoint written (checkpoint) or to resume from (released)
 * @param resultKeys object keys of the results (succeeded)
 * @param retryable whether another attempt could succeed (failed)
 * @param device the device the worker runs the job on, e.g. {@code cpu} or {@code gpu(0)} (started)
 * @param stepsPerSecond training speed of this attempt (progress of training jobs)
 * @param etaSeconds estimated seconds until the last step (progress of training jobs)
 * @param losses the newest step's loss terms by name (progress of training jobs)
 */
public record JobEvent(
        int schemaVersion,
        UUID jobId,
        int attempt,
        JobEventType type,
        String workerId,
        Instant occurredAt,
        Double progress,
        String stage,
        Long step,
        Long totalSteps,
        String previewKey,
        Instant leaseExpiresAt,
        String checkpointKey,
        List<String> resultKeys,
        String errorCode,
        String errorMessage,
        Boolean retryable,
        String device,
        Double stepsPerSecond,
        Double etaSeconds,
        Map<String, Double> losses) {

    /** Checks the common fields and the payload the type requires. */
    public JobEvent {
        SchemaVersion.check(schemaVersion);
        MessageChecks.present(jobId, "jobId");
        MessageChecks.attempt(attempt);
        MessageChecks.present(type, "type");
        MessageChecks.present(workerId, "workerId");
        MessageChecks.present(occurredAt, "occurredAt");
        if (progress != null && !(progress >= 0.0 && progress <= 1.0)) {
            throw new IllegalArgumentException("progress must be within 0..1, was " + progress);
        }
        if (step != null && totalSteps != null && (step < 0 || step > totalSteps)) {
            throw new IllegalArgumentException("step must be within 0.." + totalSteps + ", was " + step);
        }
        resultKeys = resultKeys == null ? null : List.copyOf(resultKeys);
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
        switch (type) {
            case STARTED, HEARTBEAT -> MessageChecks.present(leaseExpiresAt, "leaseExpiresAt");
            case PROGRESS -> MessageChecks.present(progress, "progress");
            case CHECKPOINT -> MessageChecks.present(checkpointKey, "checkpointKey");
            case SUCCEEDED -> {
                if (MessageChecks.present(resultKeys, "resultKeys").isEmpty()) {
                    throw new IllegalArgumentException("resultKeys must not be empty");
                }
            }
            case FAILED -> {
                MessageChecks.present(errorCode, "errorCode");
                MessageChecks.present(errorMessage, "errorMessage");
                MessageChecks.present(retryable, "retryable");
            }
            case RELEASED -> {
                // The checkpoint to resume from is optional: a job released before its first checkpoint restarts.
            }
        }
    }

    /** The worker claimed the job, holds it until {@code leaseExpiresAt} and runs it on {@code device}. */
    public static JobEvent started(UUID jobId, int attempt, String workerId, Instant occurredAt,
            Instant leaseExpiresAt, String device) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.STARTED, workerId, occurredAt,
                null, null, null, null, null, leaseExpiresAt, null, null, null, null, null,
                device, null, null, null);
    }

    /** The worker is alive and extends its lease to {@code leaseExpiresAt}. */
    public static JobEvent heartbeat(UUID jobId, int attempt, String workerId, Instant occurredAt,
            Instant leaseExpiresAt) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.HEARTBEAT, workerId, occurredAt,
                null, null, null, null, null, leaseExpiresAt, null, null, null, null, null,
                null, null, null, null);
    }

    /** How far the run is; {@code stage}, the step counters and {@code previewKey} may be null. */
    public static JobEvent progress(UUID jobId, int attempt, String workerId, Instant occurredAt, double progress,
            String stage, Long step, Long totalSteps, String previewKey) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.PROGRESS, workerId, occurredAt,
                progress, stage, step, totalSteps, previewKey, null, null, null, null, null, null,
                null, null, null, null);
    }

    /**
     * How far a training run is: the step counters, the speed of this attempt, the estimated seconds left, the
     * newest step's loss terms and, when one was just written, the preview's key (else null).
     */
    public static JobEvent trainingProgress(UUID jobId, int attempt, String workerId, Instant occurredAt,
            double progress, String stage, long step, long totalSteps, String previewKey, double stepsPerSecond,
            double etaSeconds, Map<String, Double> losses) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.PROGRESS, workerId, occurredAt,
                progress, stage, step, totalSteps, previewKey, null, null, null, null, null, null,
                null, stepsPerSecond, etaSeconds, losses);
    }

    /** A checkpoint at {@code step} was written to {@code checkpointKey}. */
    public static JobEvent checkpoint(UUID jobId, int attempt, String workerId, Instant occurredAt,
            String checkpointKey, Long step) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.CHECKPOINT, workerId, occurredAt,
                null, null, step, null, null, null, checkpointKey, null, null, null, null,
                null, null, null, null);
    }

    /** The run finished and wrote {@code resultKeys}. */
    public static JobEvent succeeded(UUID jobId, int attempt, String workerId, Instant occurredAt,
            List<String> resultKeys) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.SUCCEEDED, workerId, occurredAt,
                1.0, null, null, null, null, null, null, resultKeys, null, null, null,
                null, null, null, null);
    }

    /** The run failed with a machine-readable {@code errorCode}. */
    public static JobEvent failed(UUID jobId, int attempt, String workerId, Instant occurredAt, String errorCode,
            String errorMessage, boolean retryable) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.FAILED, workerId, occurredAt,
                null, null, null, null, null, null, null, null, errorCode, errorMessage, retryable,
                null, null, null, null);
    }

    /** The worker gave the job back (e.g. on shutdown); {@code checkpointKey} is where to resume, or null. */
    public static JobEvent released(UUID jobId, int attempt, String workerId, Instant occurredAt,
            String checkpointKey) {
        return new JobEvent(SchemaVersion.CURRENT, jobId, attempt, JobEventType.RELEASED, workerId, occurredAt,
                null, null, null, null, null, null, checkpointKey, null, null, null, null,
                null, null, null, null);
    }

    private static void nonNegative(Double value, String name) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be finite and not negative, was " + value);
        }
    }
}
