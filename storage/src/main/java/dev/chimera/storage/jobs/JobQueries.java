package dev.chimera.storage.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads jobs: one by id, a tenant's pages, a job's timeline and the queue's order. Writes nothing. */
public final class JobQueries {

    private final JobDatabase database;

    /** A store over a shared, migrated database. */
    public JobQueries(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The job with this id, whatever its tenant (for the scheduler and workers). */
    public Optional<Job> get(UUID jobId) {
        return database.autoCommit(connection -> JobStatements.selectJob(connection, jobId));
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

    /** Every queued job's place in the order admission takes them, read in one transaction. */
    public QueueOrder queueOrder() {
        return database.inTransaction(QueueReader::read);
    }
}
