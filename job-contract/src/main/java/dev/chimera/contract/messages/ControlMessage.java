package dev.chimera.contract.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A command for one attempt of a job, sent on {@code chimera.jobs.control}; a worker ignores it unless it runs
 * exactly that attempt.
 *
 * @param reason free text for logs; null for none
 */
public record ControlMessage(
        int schemaVersion,
        UUID jobId,
        int attempt,
        ControlCommand command,
        Instant issuedAt,
        String reason) {

    /** Checks the fields every worker relies on. */
    public ControlMessage {
        SchemaVersion.check(schemaVersion);
        MessageChecks.present(jobId, "jobId");
        MessageChecks.attempt(attempt);
        MessageChecks.present(command, "command");
        MessageChecks.present(issuedAt, "issuedAt");
    }

    /** A cancel command at the current schema version. */
    public static ControlMessage cancel(UUID jobId, int attempt, Instant issuedAt, String reason) {
        return new ControlMessage(SchemaVersion.CURRENT, jobId, attempt, ControlCommand.CANCEL, issuedAt, reason);
    }
}
