package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Jobs in PostgreSQL, the source of truth for job status. Every write that changes a job is a conditional UPDATE on
 * (id, status, attempt) or (id, attempt, lease), so duplicated, reordered or stale messages change nothing; every
 * status change appends its timeline entry in the same transaction.
 */
public final class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);

    // One statement, so one round trip: the timeline entry and the outbox row exist exactly when the job was inserted
    // (an idempotency key the tenant already used inserts nothing at all).
    private static final String SUBMIT = """
            WITH job AS (
                INSERT INTO jobs (id, tenant_id, kind, method, params, input_keys, status, priority, deadline,
                                  idempotency_key, request_hash)
                VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, 'queued', ?, ?, ?, ?)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
                RETURNING\s""" + JobRows.JOB_COLUMNS + """
            ), event AS (
                INSERT INTO job_events (job_id, attempt, type, status, payload)
                SELECT id, attempt, ?, ?, ?::jsonb FROM job
            ), message AS (
                INSERT INTO outbox (topic, key, payload, not_before)
                SELECT ?, ?, ?::jsonb, ? FROM job
            )
            SELECT * FROM job""";

    private static final String INSERT_OUTBOX = """
            INSERT INTO outbox (topic, key, payload, not_before) VALUES (?, ?, ?::jsonb, ?)""";

    private static final String INSERT_EVENT = """
            INSERT INTO job_events (job_id, attempt, type, status, payload) VALUES (?, ?, ?, ?, ?::jsonb)""";

    // The WHERE clause is the whole concurrency story: only the writer that still sees the expected status and
    // attempt updates the row; under READ COMMITTED a concurrent loser re-checks it after the winner commits.
    private static final String TRANSITION = """
            UPDATE jobs
               SET status           = ?,
                   attempt          = ?,
                   started_at       = CASE WHEN ? THEN coalesce(started_at, now()) ELSE started_at END,
                   finished_at      = CASE WHEN ? THEN now() ELSE finished_at END,
                   progress         = CASE WHEN ? THEN 1 ELSE progress END,
                   lease_owner      = CASE WHEN ? THEN NULL ELSE lease_owner END,
                   lease_expires_at = CASE WHEN ? THEN NULL ELSE lease_expires_at END,
                   error_code       = coalesce(?, error_code),
                   error_message    = coalesce(?, error_message),
                   result_keys      = result_keys || ?::jsonb,
                   updated_at       = now(),
                   version          = version + 1
             WHERE id = ? AND status = ? AND attempt = ?
            RETURNING\s""" + JobRows.JOB_COLUMNS;

    // Claiming is the start: only a queued job at this attempt can be claimed, and only once.
    private static final String CLAIM = """
            UPDATE jobs
               SET status = 'running', lease_owner = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                   started_at = coalesce(started_at, now()), updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'queued'
            RETURNING lease_expires_at""";

    // Only columns of the partial index jobs_queue_order, so that the queue is read by an index-only scan.
    private static final String QUEUED_JOBS = "SELECT kind, priority, created_at, id FROM jobs WHERE status = 'queued'";

    private static final String RENEW_LEASE = """
            UPDATE jobs
               SET lease_expires_at = now() + ? * interval '1 millisecond', updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status IN ('queued', 'running')
               AND lease_owner = ? AND lease_expires_at > now()
            RETURNING lease_expires_at""";

    private static final String UPDATE_PROGRESS = """
            UPDATE jobs
               SET progress = ?, stage = ?, step = ?, total_steps = ?, preview_key = coalesce(?, preview_key),
                   steps_per_second = ?, eta_seconds = ?, losses = ?::jsonb, updated_at = now(),
                   version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'running'""";

    private static final String RECORD_DEVICE = """
            UPDATE jobs SET device = ?, updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'running'""";

    private static final String RECORD_CHECKPOINT = """
            UPDATE jobs SET checkpoint_key = ?, updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'running'""";

    // FOR UPDATE SKIP LOCKED: scheduler replicas sweeping at the same time each take rows no other one holds, instead
    // of queueing behind each other; the transitions they then apply are conditional anyway.
    private static final String LOCK_EXPIRED_LEASES = "SELECT " + JobRows.JOB_COLUMNS + """
             FROM jobs
            WHERE status = 'running' AND lease_expires_at < least(now(), ?)
            ORDER BY lease_expires_at
            LIMIT ?
              FOR UPDATE SKIP LOCKED""";

    private static final String LOCK_QUEUED_PAST_DEADLINE = "SELECT " + JobRows.JOB_COLUMNS + """
             FROM jobs
            WHERE status = 'queued' AND deadline < now()
            ORDER BY deadline
            LIMIT ?
              FOR UPDATE SKIP LOCKED""";

    private final JobDatabase database;

    /** A store over a shared, migrated database. */
    public JobStore(JobDatabase database) {
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

    /** The job with this id, whatever its tenant (for the scheduler and workers). */
    public Optional<Job> get(UUID jobId) {
        return database.autoCommit(connection -> selectJob(connection, jobId));
    }

    /** The jobs with these ids that exist, whatever their tenant, by id: one query for a batch of messages. */
    public Map<UUID, Job> get(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("uuid", jobIds.toArray()));
                Map<UUID, Job> jobs = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Job job = JobRows.job(rows);
                        jobs.put(job.id(), job);
                    }
                }
                return jobs;
            }
        });
    }

    /** The job with this id if it belongs to this tenant. */
    public Optional<Job> get(String tenantId, UUID jobId) {
        return get(jobId).filter(job -> job.tenantId().equals(tenantId));
    }

    /** The tenant's job submitted under this idempotency key, if any. */
    public Optional<Job> findByIdempotencyKey(String tenantId, String idempotencyKey) {
        return database.autoCommit(connection -> findByIdempotencyKey(connection, tenantId, idempotencyKey));
    }

    /** One page of the tenant's jobs, newest first, starting after {@code after}; {@code limit} is 1..1000. */
    public JobPage list(String tenantId, JobFilter filter, Optional<PageCursor> after, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("page size must be within 1..1000: " + limit);
        }
        return database.autoCommit(connection -> JobListing.page(connection, tenantId, filter, after, limit));
    }

    /** The job's timeline, oldest first. */
    public List<JobEvent> timeline(UUID jobId) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT id, job_id, attempt, type, status, payload::text AS payload, at
                      FROM job_events WHERE job_id = ? ORDER BY id""")) {
                statement.setObject(1, jobId);
                List<JobEvent> events = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        events.add(JobRows.event(rows));
                    }
                }
                return events;
            }
        });
    }

    /**
     * Applies {@code transition} if the contract allows it and the job is still in {@code from} at this attempt;
     * otherwise writes nothing and says why. A transition into a terminal state or back to queued drops the lease.
     */
    public TransitionResult transition(Transition transition) {
        return database.inTransaction(connection -> transition(connection, transition));
    }

    /**
     * Applies {@code transition} like {@link #transition(Transition)} and, only when it applied, writes
     * {@code publishIfApplied} to the outbox in the same transaction: a consequence such as a re-dispatch's work
     * order is published if and only if the transition happened.
     */
    public TransitionResult transition(Transition transition, List<OutboxMessage> publishIfApplied) {
        Objects.requireNonNull(publishIfApplied, "publishIfApplied");
        if (publishIfApplied.isEmpty()) {
            return transition(transition);
        }
        return database.inTransaction(connection -> {
            TransitionResult result = transition(connection, transition);
            if (result.applied()) {
                insertOutbox(connection, publishIfApplied);
            }
            return result;
        });
    }

    /**
     * Starts this attempt for {@code owner}: queued → running with a lease of {@code ttl}, in one conditional UPDATE
     * that only one of many concurrent claimants can win. Empty when the job is not queued at this attempt (already
     * claimed, canceled, expired or re-dispatched).
     */
    public Optional<Lease> claim(UUID jobId, int attempt, String owner, Duration ttl) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
                statement.setString(1, owner);
                statement.setLong(2, ttl.toMillis());
                statement.setObject(3, jobId);
                statement.setInt(4, attempt);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Lease lease = new Lease(jobId, attempt, owner, JobRows.instant(row, "lease_expires_at"));
                    appendEvent(connection, jobId, attempt, JobEventType.TRANSITIONED, JobStatus.RUNNING,
                            Map.of("from", JobStatus.QUEUED.wireName(), "to", JobStatus.RUNNING.wireName(),
                                    "owner", owner));
                    LOG.infof("job claimed job=%s attempt=%d owner=%s", jobId, attempt, owner);
                    return Optional.of(lease);
                }
            }
        });
    }

    /** Every queued job's place, read in one statement. */
    public QueueOrder queueOrder() {
        return database.autoCommit(connection -> {
            List<QueueOrder.QueuedJob> queued = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(QUEUED_JOBS);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    queued.add(new QueueOrder.QueuedJob(JobRows.kind(rows),
                            rows.getInt("priority"), JobRows.instant(rows, "created_at"),
                            rows.getObject("id", UUID.class)));
                }
            }
            return QueueOrder.of(queued);
        });
    }

    /** Extends the live lease {@code owner} holds on this attempt; empty when it is no longer theirs. */
    public Optional<Lease> renewLease(UUID jobId, int attempt, String owner, Duration ttl) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RENEW_LEASE)) {
                statement.setLong(1, ttl.toMillis());
                statement.setObject(2, jobId);
                statement.setInt(3, attempt);
                statement.setString(4, owner);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Lease(jobId, attempt, owner, JobRows.instant(row, "lease_expires_at")))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Records progress of a running attempt; false (nothing written) when the job is not running this attempt. A
     * report without a preview keeps the newest preview key; speed, time left and losses are those of this report.
     */
    public boolean updateProgress(UUID jobId, int attempt, Progress progress) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPDATE_PROGRESS)) {
                statement.setDouble(1, progress.fraction());
                statement.setString(2, progress.stage().orElse(null));
                setInteger(statement, 3, progress.step());
                setInteger(statement, 4, progress.totalSteps());
                statement.setString(5, progress.previewKey().orElse(null));
                setDouble(statement, 6, progress.stepsPerSecond());
                setDouble(statement, 7, progress.etaSeconds());
                statement.setString(8, progress.losses().isEmpty() ? null : JobRows.json(progress.losses()));
                statement.setObject(9, jobId);
                statement.setInt(10, attempt);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Records the device a running attempt runs on; false (nothing written) when the job is not running it. */
    public boolean recordDevice(UUID jobId, int attempt, String device) {
        Objects.requireNonNull(device, "device");
        return database.autoCommit(
                connection -> setOnRunningAttempt(connection, RECORD_DEVICE, device, jobId, attempt));
    }

    /**
     * Remembers the newest checkpoint of a running attempt and adds a {@code checkpointed} timeline entry naming it,
     * in one transaction; false (nothing written) when the job is not running this attempt.
     */
    public boolean recordCheckpoint(UUID jobId, int attempt, String checkpointKey) {
        Objects.requireNonNull(checkpointKey, "checkpointKey");
        return database.inTransaction(connection -> {
            if (!setOnRunningAttempt(connection, RECORD_CHECKPOINT, checkpointKey, jobId, attempt)) {
                return false;
            }
            appendEvent(connection, jobId, attempt, JobEventType.CHECKPOINTED, JobStatus.RUNNING,
                    Map.of("checkpointKey", checkpointKey));
            return true;
        });
    }

    // RECORD_DEVICE and RECORD_CHECKPOINT: one text column of a running attempt, conditional on that attempt.
    private static boolean setOnRunningAttempt(Connection connection, String update, String value, UUID jobId,
                                               int attempt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setString(1, value);
            statement.setObject(2, jobId);
            statement.setInt(3, attempt);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Locks up to {@code limit} running jobs whose lease expired before {@code expiredBefore} (skipping rows another
     * sweeper holds) and applies {@code plan}'s transition to each, with its outbox messages, all in one transaction.
     */
    public List<TransitionResult> transitionExpiredLeases(Instant expiredBefore, int limit,
            Function<Job, PlannedTransition> plan) {
        return transitionLocked(LOCK_EXPIRED_LEASES, Optional.of(expiredBefore), limit, plan);
    }

    /** Like {@link #transitionExpiredLeases}, for queued jobs whose deadline has passed. */
    public List<TransitionResult> transitionQueuedPastDeadline(int limit, Function<Job, PlannedTransition> plan) {
        return transitionLocked(LOCK_QUEUED_PAST_DEADLINE, Optional.empty(), limit, plan);
    }

    private List<TransitionResult> transitionLocked(String lockQuery, Optional<Instant> cutoff, int limit,
            Function<Job, PlannedTransition> plan) {
        return database.inTransaction(connection -> {
            List<Job> locked = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(lockQuery)) {
                int index = 1;
                if (cutoff.isPresent()) {
                    JobRows.setInstant(statement, index++, cutoff);
                }
                statement.setInt(index, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        locked.add(JobRows.job(rows));
                    }
                }
            }
            List<TransitionResult> results = new ArrayList<>(locked.size());
            for (Job job : locked) {
                PlannedTransition planned = plan.apply(job);
                TransitionResult result = transition(connection, planned.transition());
                if (result.applied() && !planned.publishIfApplied().isEmpty()) {
                    insertOutbox(connection, planned.publishIfApplied());
                }
                results.add(result);
            }
            return results;
        });
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
            statement.setString(11, JobEventType.SUBMITTED.wireName());
            statement.setString(12, JobStatus.QUEUED.wireName());
            statement.setString(13, JobRows.json(Map.of()));
            statement.setString(14, message.topic());
            statement.setString(15, message.key());
            statement.setString(16, message.payloadJson());
            JobRows.setInstant(statement, 17, message.notBefore());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
            }
        }
    }

    private TransitionResult transition(Connection connection, Transition transition) throws SQLException {
        if (!transition.from().canMoveTo(transition.to())) {
            LOG.infof("transition refused job=%s attempt=%d from=%s to=%s reason=%s", transition.jobId(),
                    transition.attempt(), transition.from().wireName(), transition.to().wireName(),
                    Refusal.ILLEGAL_TRANSITION);
            return new TransitionResult.Refused(Refusal.ILLEGAL_TRANSITION, Optional.empty());
        }
        Optional<Job> updated = applyTransition(connection, transition);
        if (updated.isEmpty()) {
            Optional<Job> current = selectJob(connection, transition.jobId());
            Refusal reason = current.isPresent() ? Refusal.STALE : Refusal.UNKNOWN_JOB;
            LOG.infof("transition refused job=%s attempt=%d from=%s to=%s reason=%s", transition.jobId(),
                    transition.attempt(), transition.from().wireName(), transition.to().wireName(), reason);
            return new TransitionResult.Refused(reason, current);
        }
        Job job = updated.get();
        appendEvent(connection, job.id(), job.attempt(),
                transition.isRedispatch() ? JobEventType.REDISPATCHED : JobEventType.TRANSITIONED,
                job.status(), transitionPayload(transition));
        LOG.infof("job transitioned job=%s attempt=%d from=%s to=%s", job.id(), job.attempt(),
                transition.from().wireName(), job.status().wireName());
        return new TransitionResult.Applied(job);
    }

    private static void insertOutbox(Connection connection, List<OutboxMessage> messages) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_OUTBOX)) {
            for (OutboxMessage message : messages) {
                statement.setString(1, message.topic());
                statement.setString(2, message.key());
                statement.setString(3, message.payloadJson());
                JobRows.setInstant(statement, 4, message.notBefore());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static Optional<Job> applyTransition(Connection connection, Transition transition) throws SQLException {
        JobStatus to = transition.to();
        boolean dropsLease = to.isTerminal() || transition.isRedispatch();
        try (PreparedStatement statement = connection.prepareStatement(TRANSITION)) {
            statement.setString(1, to.wireName());
            statement.setInt(2, transition.nextAttempt());
            statement.setBoolean(3, to == JobStatus.RUNNING);
            statement.setBoolean(4, to.isTerminal());
            statement.setBoolean(5, to == JobStatus.SUCCEEDED);
            statement.setBoolean(6, dropsLease);
            statement.setBoolean(7, dropsLease);
            statement.setString(8, transition.errorCode().orElse(null));
            statement.setString(9, transition.errorMessage().orElse(null));
            statement.setString(10, JobRows.json(transition.resultKeys()));
            statement.setObject(11, transition.jobId());
            statement.setString(12, transition.from().wireName());
            statement.setInt(13, transition.attempt());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
            }
        }
    }

    private static Map<String, Object> transitionPayload(Transition transition) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("from", transition.from().wireName());
        payload.put("to", transition.to().wireName());
        payload.put("fromAttempt", transition.attempt());
        transition.errorCode().ifPresent(code -> payload.put("errorCode", code));
        transition.errorMessage().ifPresent(message -> payload.put("errorMessage", message));
        if (!transition.resultKeys().isEmpty()) {
            payload.put("resultKeys", transition.resultKeys());
        }
        return payload;
    }

    private static void appendEvent(Connection connection, UUID jobId, int attempt, JobEventType type,
                                    JobStatus status, Map<String, ?> payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            statement.setObject(1, jobId);
            statement.setInt(2, attempt);
            statement.setString(3, type.wireName());
            statement.setString(4, status.wireName());
            statement.setString(5, JobRows.json(payload));
            statement.executeUpdate();
        }
    }

    private static Optional<Job> selectJob(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE id = ?")) {
            statement.setObject(1, jobId);
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

    private static void setDouble(PreparedStatement statement, int index, Optional<Double> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setDouble(index, value.get());
        } else {
            statement.setNull(index, Types.DOUBLE);
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Optional<Integer> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.get());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }
}
