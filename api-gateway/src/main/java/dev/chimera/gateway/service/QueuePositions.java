package dev.chimera.gateway.service;

import dev.chimera.contract.JobStatus;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobStoreException;
import dev.chimera.storage.jobs.JobStoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How many queued jobs of the same kind run before a queued job: higher priority first, then older first (the order
 * of {@code JobStore.queuePosition}). One query answers a whole page of jobs. Each count is two range scans, "higher
 * priority" and "same priority, earlier in (created_at, id)", so that with an index on queued jobs by
 * (kind, priority DESC, created_at, id) a position costs the jobs ahead of it, not the whole queue; the status is read
 * again, so a job that left the queue meanwhile gets no position.
 */
@ApplicationScoped
public class QueuePositions {

    // The status test sits in the CASE, not the WHERE: there it would tempt the planner to find the page's jobs by
    // scanning the whole queue index instead of looking each one up by primary key.
    private static final String POSITIONS = """
            SELECT job.id,
                   CASE WHEN job.status = 'queued' THEN
                       (SELECT count(*) FROM jobs ahead
                         WHERE ahead.status = 'queued' AND ahead.kind = job.kind AND ahead.priority > job.priority)
                     + (SELECT count(*) FROM jobs ahead
                         WHERE ahead.status = 'queued' AND ahead.kind = job.kind AND ahead.priority = job.priority
                           AND (ahead.created_at, ahead.id) < (job.created_at, job.id))
                   END AS position
              FROM jobs job
             WHERE job.id = ANY (?)""";

    private final JobDatabase database;

    public QueuePositions(JobDatabase database) {
        this.database = database;
    }

    /** The job's position while it is queued; null otherwise. */
    public Long of(Job job) {
        return job.status() == JobStatus.QUEUED ? of(List.of(job)).get(job.id()) : null;
    }

    /** The positions of the page's queued jobs by id; jobs that are not queued (any more) are absent. */
    public Map<UUID, Long> of(List<Job> page) {
        List<UUID> queued = page.stream().filter(job -> job.status() == JobStatus.QUEUED).map(Job::id).toList();
        if (queued.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(POSITIONS)) {
            Array ids = connection.createArrayOf("uuid", queued.toArray());
            statement.setArray(1, ids);
            Map<UUID, Long> positions = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long position = rows.getLong("position");
                    if (!rows.wasNull()) {
                        positions.put(rows.getObject("id", UUID.class), position);
                    }
                }
            }
            return positions;
        } catch (SQLException e) {
            throw isUnavailable(e) ? new JobStoreUnavailableException(database.jdbcUrl(), e)
                    : new JobStoreException("counting queue positions failed: " + e.getMessage(), e);
        }
    }

    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }
}
