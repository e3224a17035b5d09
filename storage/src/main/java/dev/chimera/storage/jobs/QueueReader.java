package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the queue and the slots tenants hold, the inputs of {@link QueueOrder}, in two statements. */
final class QueueReader {

    // The jobs_queue_order index holds every jobs column used here; the tenant's ceiling bounds the priority.
    private static final String QUEUED_JOBS = """
            SELECT j.kind, j.tenant_id, least(j.priority, t.priority_ceiling) AS priority, j.created_at, j.id,
                   j.dispatched_at IS NOT NULL AS dispatched
              FROM jobs j JOIN tenants t ON t.id = j.tenant_id
             WHERE j.status = 'queued'""";

    private static final String HELD_SLOTS = """
            SELECT kind, tenant_id, count(*) AS held
              FROM jobs
             WHERE status = 'running' OR (status = 'queued' AND dispatched_at IS NOT NULL)
             GROUP BY kind, tenant_id""";

    private QueueReader() {
    }

    static QueueOrder read(Connection connection) throws SQLException {
        List<QueueOrder.QueuedJob> queued = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(QUEUED_JOBS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                queued.add(new QueueOrder.QueuedJob(JobRows.kind(rows), rows.getString("tenant_id"),
                        rows.getInt("priority"), JobRows.instant(rows, "created_at"),
                        rows.getObject("id", UUID.class), rows.getBoolean("dispatched")));
            }
        }
        Map<QueueOrder.Slots, Integer> held = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(HELD_SLOTS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                JobKind kind = JobRows.kind(rows);
                held.put(new QueueOrder.Slots(kind, rows.getString("tenant_id")), rows.getInt("held"));
            }
        }
        return QueueOrder.of(queued, held);
    }
}
