package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A job to insert. The caller picks the id so that the outbox message can name it; {@code requestHash} is the
 * caller's fingerprint of the submitted body (e.g. sha256 of its canonical JSON) and is required with an
 * idempotency key, because it is what tells a harmless replay from a conflicting reuse of the key.
 *
 * @param originalSha256 the sha256 (hex) of each input as the client sent it, by role, when the stored input is a
 *     normalised copy; empty when not recorded
 */
public record NewJob(
        UUID id,
        String tenantId,
        Method method,
        String paramsJson,
        Map<String, String> inputKeys,
        int priority,
        Optional<Instant> deadline,
        Optional<String> idempotencyKey,
        Optional<String> requestHash,
        Map<String, String> originalSha256) {

    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(paramsJson, "paramsJson");
        inputKeys = Map.copyOf(inputKeys);
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestHash, "requestHash");
        originalSha256 = Map.copyOf(originalSha256);
        if (idempotencyKey.isPresent() && requestHash.isEmpty()) {
            throw new IllegalArgumentException("an idempotency key needs the request hash it protects");
        }
    }

    /** A job without recorded original hashes. */
    public NewJob(UUID id, String tenantId, Method method, String paramsJson, Map<String, String> inputKeys,
                  int priority, Optional<Instant> deadline, Optional<String> idempotencyKey,
                  Optional<String> requestHash) {
        this(id, tenantId, method, paramsJson, inputKeys, priority, deadline, idempotencyKey, requestHash, Map.of());
    }

    /** A job with a fresh id, default priority, no deadline and no idempotency key. */
    public static NewJob of(String tenantId, Method method, String paramsJson, Map<String, String> inputKeys) {
        return new NewJob(UUID.randomUUID(), tenantId, method, paramsJson, inputKeys,
                0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This job, submitted under an idempotency key with the fingerprint of its request body. */
    public NewJob withIdempotencyKey(String key, String requestHash) {
        return new NewJob(id, tenantId, method, paramsJson, inputKeys, priority, deadline,
                Optional.of(key), Optional.of(requestHash), originalSha256);
    }

    /** This job with a deadline after which it expires if it has not started. */
    public NewJob withDeadline(Instant deadline) {
        return new NewJob(id, tenantId, method, paramsJson, inputKeys, priority, Optional.of(deadline),
                idempotencyKey, requestHash, originalSha256);
    }

    /** This job with a scheduling priority (higher runs first). */
    public NewJob withPriority(int priority) {
        return new NewJob(id, tenantId, method, paramsJson, inputKeys, priority, deadline,
                idempotencyKey, requestHash, originalSha256);
    }

    /** This job with the sha256 (hex) of each input as the client sent it, by role. */
    public NewJob withOriginalSha256(Map<String, String> originalSha256) {
        return new NewJob(id, tenantId, method, paramsJson, inputKeys, priority, deadline,
                idempotencyKey, requestHash, originalSha256);
    }

    /** The kind follows from the method. */
    public JobKind kind() {
        return method.kind();
    }
}
