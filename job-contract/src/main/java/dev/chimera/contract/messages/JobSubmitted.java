package dev.chimera.contract.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job the gateway accepted and stored, published on {@code chimera.jobs.submitted} for the scheduler to route.
 *
 * @param params the validated parameters with defaults filled in
 * @param inputKeys object-storage key of each input image, by role name
 * @param deadline when the job expires if it has not started; null for none
 */
public record JobSubmitted(
        int schemaVersion,
        UUID jobId,
        int attempt,
        String tenant,
        JobKind kind,
        Method method,
        int priority,
        JsonNode params,
        Map<String, String> inputKeys,
        Instant submittedAt,
        Instant deadline) {

    /** Checks the fields every reader relies on. */
    public JobSubmitted {
        SchemaVersion.check(schemaVersion);
        MessageChecks.present(jobId, "jobId");
        MessageChecks.attempt(attempt);
        MessageChecks.present(tenant, "tenant");
        MessageChecks.present(kind, "kind");
        MessageChecks.present(method, "method");
        MessageChecks.present(params, "params");
        inputKeys = Map.copyOf(MessageChecks.present(inputKeys, "inputKeys"));
        MessageChecks.present(submittedAt, "submittedAt");
    }

    /** A first-attempt submission at the current schema version. */
    public static JobSubmitted of(UUID jobId, String tenant, JobKind kind, Method method, int priority,
            JsonNode params, Map<String, String> inputKeys, Instant submittedAt, Instant deadline) {
        return new JobSubmitted(SchemaVersion.CURRENT, jobId, 1, tenant, kind, method, priority, params, inputKeys,
                submittedAt, deadline);
    }
}
