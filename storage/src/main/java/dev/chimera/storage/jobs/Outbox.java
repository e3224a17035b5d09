package dev.chimera.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The transactional outbox: messages written with their job, published to Kafka afterwards. Delivery is
 * at-least-once: a relay that crashes after publishing but before commit publishes the batch again, so consumers
 * deduplicate by job id and attempt.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    // SKIP LOCKED lets several relays run side by side, each taking rows no other relay holds.
    private static final String LOCK_UNSENT = """
            SELECT id, topic, key, payload::text AS payload, created_at
              FROM outbox
             WHERE sent_at IS NULL AND (not_before IS NULL OR not_before <= now())
             ORDER BY id
             LIMIT ?
               FOR UPDATE SKIP LOCKED""";

    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY (?) AND sent_at IS NULL";

    private final JobDatabase database;

    /** An outbox over a shared, migrated database. */
    public Outbox(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Locks up to {@code limit} unsent records, hands them to {@code publisher}, and marks them sent in the same
     * transaction once it returns. Returns how many were sent (0 when nothing was waiting).
     */
    public int relay(int limit, OutboxPublisher publisher) {
        return database.inTransaction(connection -> {
            List<OutboxRecord> batch = lockUnsent(connection, limit);
            if (batch.isEmpty()) {
                return 0;
            }
            try {
                publisher.publish(batch);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new OutboxPublishException(batch.size(), e);
            }
            markSent(connection, batch);
            LOG.debugf("outbox relayed count=%d firstId=%d", batch.size(), batch.get(0).id());
            return batch.size();
        });
    }

    private static List<OutboxRecord> lockUnsent(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_UNSENT)) {
            statement.setInt(1, limit);
            List<OutboxRecord> batch = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    batch.add(new OutboxRecord(rows.getLong("id"), rows.getString("topic"), rows.getString("key"),
                            rows.getString("payload"), JobRows.instant(rows, "created_at")));
                }
            }
            return batch;
        }
    }

    private static void markSent(Connection connection, List<OutboxRecord> batch) throws SQLException {
        Long[] ids = batch.stream().map(OutboxRecord::id).toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(MARK_SENT)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids));
            statement.executeUpdate();
        }
    }
}
