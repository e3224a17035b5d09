package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.time.Instant;
import java.util.UUID;

/** One entry of a job's append-only timeline: what happened, in which attempt, and the status after it. */
public record JobEvent(long id, UUID jobId, int attempt, JobEventType type, JobStatus status, String payloadJson,
                       Instant at) {
}
