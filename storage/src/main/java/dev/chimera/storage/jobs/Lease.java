package dev.chimera.storage.jobs;

import java.time.Instant;
import java.util.UUID;

/** The right of one worker to run one attempt of a job until {@code expiresAt} (database clock). */
public record Lease(UUID jobId, int attempt, String owner, Instant expiresAt) {
}
