package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One job row as stored: what was asked, where it stands, and who holds its lease.
 *
 * @param checkpointKey the newest checkpoint a running attempt reported; the next attempt resumes from it
 * @param previewKey object key of the newest preview image a training job reported
 * @param stepsPerSecond the training speed of the newest progress report
 * @param etaSeconds the estimated seconds left of the newest progress report
 * @param losses the loss terms of the newest progress report by name; empty when none were reported
 * @param device the device the worker that started the current attempt runs it on, e.g. {@code cpu}
 * @param dispatchedAt when the scheduler admitted the current attempt and sent its work order; empty while the
 *     job waits for admission
 * @param queueReason why a queued job that is not admitted waits ({@code tenant_quota} or {@code capacity}), as of
 *     the scheduler's newest admission pass
 * @param originalSha256 the sha256 (hex) of each input as the client sent it, by role; the stored input may be a
 *     normalised copy with another hash. Empty for jobs submitted before it was recorded
 */
public record Job(
        UUID id,
        String tenantId,
        JobKind kind,
        Method method,
        String paramsJson,
        Map<String, String> inputKeys,
        Map<String, String> resultKeys,
        JobStatus status,
        double progress,
        Optional<String> stage,
        Optional<Integer> step,
        Optional<Integer> totalSteps,
        int attempt,
        Optional<String> leaseOwner,
        Optional<Instant> leaseExpiresAt,
        int priority,
        Optional<Instant> deadline,
        Optional<String> idempotencyKey,
        Optional<String> requestHash,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Instant updatedAt,
        long version,
        Optional<String> checkpointKey,
        Optional<String> previewKey,
        Optional<Double> stepsPerSecond,
        Optional<Double> etaSeconds,
        Map<String, Double> losses,
        Optional<String> device,
        Map<String, String> originalSha256,
        Optional<Instant> dispatchedAt,
        Optional<String> queueReason) {

    public Job {
        inputKeys = Map.copyOf(inputKeys);
        resultKeys = Map.copyOf(resultKeys);
        originalSha256 = Map.copyOf(originalSha256);
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }
}
