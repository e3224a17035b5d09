package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the gateway writes when a client submits: a queued job with its outbox message and timeline entry, at most once
 * per tenant and idempotency key.
 */
public final class SubmissionStore {

    private static final Logger LOG = Logger.getLogger(SubmissionStore.class);

    // One statement, so one round trip: the timeline entry, the outbox row and the admission doorbell's ring exist
    // exactly when the job was inserted (an idempotency key the tenant already used inserts nothing at all). The ring
    // is a plain SELECT, which PostgreSQL runs only when the final SELECT reads it.
    private static final String SUBMIT = """
            WITH job AS (
                INSERT INTO jobs (id, tenant_id, kind, method, params, input_keys, status, priority, deadline,
                                  idempotency_key, request_hash, original_sha256)
                VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, 'queued', ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
                RETURNING\s""" + JobRows.JOB_COLUMNS + """
            ), event AS (
                INSERT INTO job_events (job_id, attempt, type, status, payload)
                SELECT id, attempt, ?, ?, ?::jsonb FROM job
            ), message AS (
                INSERT INTO outbox (topic, key, payload, not_before)
                SELECT ?, ?, ?::jsonb, ? FROM job
            ), doorbell AS (
                SELECT\s""" + AdmissionDoorbell.NOTIFY + """
                  FROM job
            )
            SELECT job.* FROM job LEFT JOIN doorbell ON true""";

    private final JobDatabase database;

    /** A store over a shared, migrated database. */
    public SubmissionStore(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Inserts a queued job, its outbox message and its {@code submitted} timeline entry in one transaction. With an
     * idempotency key already used by this tenant, writes nothing and returns the existing job as a replay (same
     * request hash) or a conflict (different hash).
     */
    public Submission submit(NewJob job, OutboxMessage message) {
        Objects.requireNonNull(message, "message");
        Optional<Job> inserted = database.autoCommit(connection -> insert(connection, job, message));
        if (inserted.isPresent()) {
            Job created = inserted.get();
            LOG.infof("job submitted tenant=%s job=%s method=%s", created.tenantId(), created.id(),
                    created.method().wireName());
            return new Submission.Created(created);
        }
        Job existing = findByIdempotencyKey(job.tenantId(), job.idempotencyKey().orElseThrow())
                .orElseThrow(() -> new JobStoreException("idempotency key vanished during submit", null));
        boolean sameRequest = existing.requestHash().equals(job.requestHash());
        LOG.infof("submit deduplicated tenant=%s job=%s idempotencyKey=%s sameRequest=%s",
                job.tenantId(), existing.id(), job.idempotencyKey().orElseThrow(), sameRequest);
        return sameRequest ? new Submission.Replayed(existing) : new Submission.IdempotencyConflict(existing);
    }

    /** The tenant's job submitted under this idempotency key, if any. */
    public Optional<Job> findByIdempotencyKey(String tenantId, String idempotencyKey) {
        return database.autoCommit(connection -> findByIdempotencyKey(connection, tenantId, idempotencyKey));
    }

    private static Optional<Job> insert(Connection connection, NewJob job, OutboxMessage message)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SUBMIT)) {
            statement.setObject(1, job.id());
            statement.setString(2, job.tenantId());
            statement.setString(3, job.kind().wireName());
            statement.setString(4, job.method().wireName());
            statement.setString(5, job.paramsJson());
            statement.setString(6, JobRows.json(job.inputKeys()));
            statement.setInt(7, job.priority());
            JobRows.setInstant(statement, 8, job.deadline());
            statement.setString(9, job.idempotencyKey().orElse(null));
            statement.setString(10, job.requestHash().orElse(null));
            statement.setString(11, JobRows.json(job.originalSha256()));
            statement.setString(12, JobEventType.SUBMITTED.wireName());
            statement.setString(13, JobStatus.QUEUED.wireName());
            statement.setString(14, JobRows.json(Map.of()));
            statement.setString(15, message.topic());
            statement.setString(16, message.key());
            statement.setString(17, message.payloadJson());
            JobRows.setInstant(statement, 18, message.notBefore());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
            }
        }
    }

    private static Optional<Job> findByIdempotencyKey(Connection connection, String tenantId, String key)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE tenant_id = ? AND idempotency_key = ?")) {
            statement.setString(1, tenantId);
            statement.setString(2, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
            }
        }
    }
}
