package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One job row as stored: what was asked, where it stands, and who holds its lease.
 *
 * @param checkpointKey the newest checkpoint a running attempt reported; the next attempt resumes from it
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
        Optional<String> checkpointKey) {

    public Job {
        inputKeys = Map.copyOf(inputKeys);
        resultKeys = Map.copyOf(resultKeys);
    }
}
