package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The statements several job stores share: reading one job, appending to its timeline, writing outbox rows. */
final class JobStatements {

    private static final String INSERT_OUTBOX = """
            INSERT INTO outbox (topic, key, payload, not_before) VALUES (?, ?, ?::jsonb, ?)""";

    private static final String INSERT_EVENT = """
            INSERT INTO job_events (job_id, attempt, type, status, payload) VALUES (?, ?, ?, ?, ?::jsonb)""";

    private JobStatements() {
    }

    static void insertOutbox(Connection connection, List<OutboxMessage> messages) throws SQLException {
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

    static void appendEvent(Connection connection, UUID jobId, int attempt, JobEventType type, JobStatus status,
            Map<String, ?> payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            statement.setObject(1, jobId);
            statement.setInt(2, attempt);
            statement.setString(3, type.wireName());
            statement.setString(4, status.wireName());
            statement.setString(5, JobRows.json(payload));
            statement.executeUpdate();
        }
    }

    static Optional<Job> selectJob(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE id = ?")) {
            statement.setObject(1, jobId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(JobRows.job(row)) : Optional.empty();
            }
        }
    }
}
