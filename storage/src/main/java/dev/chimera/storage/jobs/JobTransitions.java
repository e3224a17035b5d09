package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Moves jobs between statuses: one transition, optionally with the outbox messages it causes, and the sweeps that
 * lock and transition expired leases and queued jobs past their deadline. Every transition is a conditional UPDATE on
 * (id, status, attempt) and appends its timeline entry in the same transaction, so a duplicated, reordered or stale
 * message changes nothing.
 */
public final class JobTransitions {

    private static final Logger LOG = Logger.getLogger(JobTransitions.class);

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
                   dispatched_at    = CASE WHEN ? THEN now() ELSE dispatched_at END,
                   error_code       = coalesce(?, error_code),
                   error_message    = coalesce(?, error_message),
                   result_keys      = result_keys || ?::jsonb,
                   updated_at       = now(),
                   version          = version + 1
             WHERE id = ? AND status = ? AND attempt = ?
            RETURNING\s""" + JobRows.JOB_COLUMNS;

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
    public JobTransitions(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
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
                JobStatements.insertOutbox(connection, publishIfApplied);
            }
            return result;
        });
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
                    JobStatements.insertOutbox(connection, planned.publishIfApplied());
                }
                results.add(result);
            }
            return results;
        });
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
            Optional<Job> current = JobStatements.selectJob(connection, transition.jobId());
            Refusal reason = current.isPresent() ? Refusal.STALE : Refusal.UNKNOWN_JOB;
            LOG.infof("transition refused job=%s attempt=%d from=%s to=%s reason=%s", transition.jobId(),
                    transition.attempt(), transition.from().wireName(), transition.to().wireName(), reason);
            return new TransitionResult.Refused(reason, current);
        }
        Job job = updated.get();
        if (job.status().isTerminal()) {
            // An ended job frees its tenant's slot and its pool's budget: another may be admitted now.
            AdmissionDoorbell.ring(connection);
        }
        JobStatements.appendEvent(connection, job.id(), job.attempt(),
                transition.isRedispatch() ? JobEventType.REDISPATCHED : JobEventType.TRANSITIONED,
                job.status(), transitionPayload(transition));
        LOG.infof("job transitioned job=%s attempt=%d from=%s to=%s", job.id(), job.attempt(),
                transition.from().wireName(), job.status().wireName());
        return new TransitionResult.Applied(job);
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
            // A re-dispatch keeps the job's admission: its new work order is sent with the transition.
            statement.setBoolean(8, transition.isRedispatch());
            statement.setString(9, transition.errorCode().orElse(null));
            statement.setString(10, transition.errorMessage().orElse(null));
            statement.setString(11, JobRows.json(transition.resultKeys()));
            statement.setObject(12, transition.jobId());
            statement.setString(13, transition.from().wireName());
            statement.setInt(14, transition.attempt());
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
}
