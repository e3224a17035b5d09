package dev.chimera.contract.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One attempt at a job, sent by the scheduler on {@code chimera.work.<kind>} to whichever worker takes it.
 *
 * @param params the job's parameters as stored; the worker re-reads them with {@code ParamsValidation}
 * @param inputKeys object-storage key of each input image, by role name
 * @param resumeCheckpointKey newest checkpoint the scheduler knows of, or null to start from scratch
 * @param deadline when the job expires; null for none
 */
public record WorkOrder(
        int schemaVersion,
        UUID jobId,
        int attempt,
        String tenant,
        JobKind kind,
        Method method,
        int priority,
        JsonNode params,
        Map<String, String> inputKeys,
        String resumeCheckpointKey,
        Instant dispatchedAt,
        Instant deadline) {

    /** Checks the fields every worker relies on. */
    public WorkOrder {
        SchemaVersion.check(schemaVersion);
        MessageChecks.present(jobId, "jobId");
        MessageChecks.attempt(attempt);
        MessageChecks.present(tenant, "tenant");
        MessageChecks.present(kind, "kind");
        MessageChecks.present(method, "method");
        MessageChecks.present(params, "params");
        inputKeys = Map.copyOf(MessageChecks.present(inputKeys, "inputKeys"));
        MessageChecks.present(dispatchedAt, "dispatchedAt");
    }

    /** A work order at the current schema version. */
    public static WorkOrder of(UUID jobId, int attempt, String tenant, JobKind kind, Method method, int priority,
            JsonNode params, Map<String, String> inputKeys, String resumeCheckpointKey, Instant dispatchedAt,
            Instant deadline) {
        return new WorkOrder(SchemaVersion.CURRENT, jobId, attempt, tenant, kind, method, priority, params,
                inputKeys, resumeCheckpointKey, dispatchedAt, deadline);
    }
}
