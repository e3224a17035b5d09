package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Admits queued jobs: one pass reads the queue, the slots tenants hold, their quotas and the live workers from
 * PostgreSQL, plans with {@link AdmissionPlan}, marks the admitted jobs dispatched with their work orders in the
 * outbox and records why the others wait, all in one transaction. Every input is read from the database, so the
 * order of dispatch survives a restart of the scheduler; a transaction-scoped advisory lock makes the passes of
 * several scheduler replicas take turns.
 */
public final class JobAdmission {

    // Any constant both replicas agree on: the lock only serialises admission passes.
    private static final long ADMISSION_LOCK = 0x43_68_69_6d_65_72_61L;

    // The deadline check leaves a job past its deadline to the deadline sweep, which expires it.
    private static final String ADMIT = """
            UPDATE jobs
               SET dispatched_at = now(), queue_reason = NULL, updated_at = now(), version = version + 1
             WHERE id = ? AND status = 'queued' AND dispatched_at IS NULL AND (deadline IS NULL OR deadline > now())
            RETURNING\s""" + JobRows.JOB_COLUMNS;

    private static final String RECORD_REASONS = """
            UPDATE jobs
               SET queue_reason = CASE WHEN tenant_id = ANY (?) THEN 'tenant_quota' ELSE 'capacity' END,
                   version = version + 1
             WHERE kind = ? AND status = 'queued' AND dispatched_at IS NULL
               AND queue_reason IS DISTINCT FROM CASE WHEN tenant_id = ANY (?) THEN 'tenant_quota' ELSE 'capacity' END""";

    private static final String READMIT_STALE = """
            UPDATE jobs SET dispatched_at = NULL, updated_at = now(), version = version + 1
             WHERE status = 'queued' AND dispatched_at < now() - make_interval(secs => ?)""";

    private final JobDatabase database;

    /** Admission over a shared, migrated database. */
    public JobAdmission(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Admits every job {@code policy} lets run now, writing {@code workOrder(job)} to the outbox for each in the
     * same transaction, and returns the admitted jobs.
     */
    public List<Job> admit(AdmissionPolicy policy, Function<Job, OutboxMessage> workOrder) {
        return database.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ADMISSION_LOCK);
                lock.execute();
            }
            QueueOrder queue = QueueReader.read(connection);
            Map<String, Integer> quotas = quotas(connection);
            Map<JobKind, Integer> workers = liveWorkers(connection);
            AdmissionPlan plan = AdmissionPlan.of(queue, policy,
                    tenant -> quotas.getOrDefault(tenant, policy.defaultQuota()),
                    kind -> workers.getOrDefault(kind, 0));
            List<Job> admitted = markAdmitted(connection, plan.admitted());
            if (!admitted.isEmpty()) {
                JobStatements.insertOutbox(connection, admitted.stream().map(workOrder).toList());
            }
            for (JobKind kind : JobKind.values()) {
                if (!queue.waiting(kind).isEmpty()) {
                    recordReasons(connection, kind, plan.tenantsAtQuota().getOrDefault(kind, Set.of()));
                }
            }
            return admitted;
        });
    }

    /**
     * Takes back the admission of queued jobs dispatched longer than {@code olderThan} ago that no worker started,
     * so they are admitted again: the backstop for a work order Kafka dropped (its delivery attempts were spent).
     * Returns how many went back.
     */
    public int readmitStale(Duration olderThan) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(READMIT_STALE)) {
                statement.setDouble(1, olderThan.toMillis() / 1000.0);
                return statement.executeUpdate();
            }
        });
    }

    private static List<Job> markAdmitted(Connection connection, List<UUID> ids) throws SQLException {
        List<Job> admitted = new ArrayList<>(ids.size());
        try (PreparedStatement statement = connection.prepareStatement(ADMIT)) {
            for (UUID id : ids) {
                statement.setObject(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        admitted.add(JobRows.job(row));
                    }
                }
            }
        }
        return admitted;
    }

    private static void recordReasons(Connection connection, JobKind kind, Set<String> atQuota) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RECORD_REASONS)) {
            Array tenants = connection.createArrayOf("text", atQuota.toArray());
            statement.setArray(1, tenants);
            statement.setString(2, kind.wireName());
            statement.setArray(3, tenants);
            statement.executeUpdate();
        }
    }

    private static Map<String, Integer> quotas(Connection connection) throws SQLException {
        Map<String, Integer> quotas = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, max_concurrent_per_kind FROM tenants WHERE max_concurrent_per_kind IS NOT NULL");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                quotas.put(rows.getString("id"), rows.getInt("max_concurrent_per_kind"));
            }
        }
        return quotas;
    }

    // A worker serving several methods of a kind counts once for it.
    private static Map<JobKind, Integer> liveWorkers(Connection connection) throws SQLException {
        Map<JobKind, Integer> workers = new EnumMap<>(JobKind.class);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT methods FROM worker_methods WHERE expires_at > now()");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Set<JobKind> kinds = EnumSet.noneOf(JobKind.class);
                for (String method : (String[]) rows.getArray("methods").getArray()) {
                    Method.fromWireName(method).ifPresent(served -> kinds.add(served.kind()));
                }
                kinds.forEach(kind -> workers.merge(kind, 1, Integer::sum));
            }
        }
        return workers;
    }
}
