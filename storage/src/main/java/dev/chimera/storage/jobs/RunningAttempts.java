package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What a worker and the worker's events write to one attempt: its claim and lease, its progress, its device and its
 * newest checkpoint. Every write is conditional on the attempt (and, for a lease, its owner), so an attempt that has
 * been superseded writes nothing.
 */
public final class RunningAttempts {

    private static final Logger LOG = Logger.getLogger(RunningAttempts.class);

    // Claiming is the start: only a queued job at this attempt can be claimed, and only once.
    private static final String CLAIM = """
            UPDATE jobs
               SET status = 'running', lease_owner = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                   started_at = coalesce(started_at, now()), updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'queued'
            RETURNING lease_expires_at""";

    // A lapsed lease stays its owner's until the lease watchdog moves the job (re-dispatch or fail, both conditional
    // on status and attempt): the two updates lock the same row, so exactly one of them wins. While the database is
    // down nobody can renew, claim or re-dispatch, so a healthy worker revives its lease once it is back.
    private static final String RENEW_LEASE = """
            UPDATE jobs
               SET lease_expires_at = now() + ? * interval '1 millisecond', updated_at = now(), version = version + 1
             WHERE id = ? AND attempt = ? AND status = 'running' AND lease_owner = ?
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

    // One entry per attempt however often the worker's event is delivered (Kafka delivers at least once): the insert
    // is conditional on the attempt running and on no such entry of the attempt existing yet.
    private static final String RECORD_INVERSION_CACHED = """
            INSERT INTO job_events (job_id, attempt, type, status, payload)
            SELECT id, attempt, ?, status, ?::jsonb FROM jobs
             WHERE id = ? AND attempt = ? AND status = 'running'
               AND NOT EXISTS (SELECT 1 FROM job_events e
                                WHERE e.job_id = jobs.id AND e.attempt = jobs.attempt AND e.type = ?)""";

    private final JobDatabase database;

    /** A store over a shared, migrated database. */
    public RunningAttempts(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
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
                    JobStatements.appendEvent(connection, jobId, attempt, JobEventType.TRANSITIONED, JobStatus.RUNNING,
                            Map.of("from", JobStatus.QUEUED.wireName(), "to", JobStatus.RUNNING.wireName(),
                                    "owner", owner));
                    LOG.infof("job claimed job=%s attempt=%d owner=%s", jobId, attempt, owner);
                    return Optional.of(lease);
                }
            }
        });
    }

    /**
     * Extends the lease {@code owner} holds on this running attempt, also after it lapsed as long as the lease
     * watchdog has not moved the job on; empty when the attempt is no longer theirs.
     */
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
            JobStatements.appendEvent(connection, jobId, attempt, JobEventType.CHECKPOINTED, JobStatus.RUNNING,
                    Map.of("checkpointKey", checkpointKey));
            return true;
        });
    }

    /**
     * Adds an {@code inversion-cached} timeline entry naming the {@code inputs} whose inversions a running attempt read
     * from the job cache; false (nothing written) when the job is not running this attempt or the attempt already has
     * that entry.
     */
    public boolean recordInversionCached(UUID jobId, int attempt, List<String> inputs) {
        List<String> named = List.copyOf(inputs);
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD_INVERSION_CACHED)) {
                statement.setString(1, JobEventType.INVERSION_CACHED.wireName());
                statement.setString(2, JobRows.json(Map.of("inputs", named)));
                statement.setObject(3, jobId);
                statement.setInt(4, attempt);
                statement.setString(5, JobEventType.INVERSION_CACHED.wireName());
                return statement.executeUpdate() == 1;
            }
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
