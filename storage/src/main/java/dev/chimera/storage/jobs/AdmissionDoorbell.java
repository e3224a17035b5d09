package dev.chimera.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The admission doorbell: a PostgreSQL notification sent in the transaction that queued a job or ended one, so that
 * a scheduler listening ({@link AdmissionDoorbellListener}) runs an admission pass the moment it commits, instead of
 * after the gateway's outbox relay, a Kafka round trip and its consumer. It only makes admission sooner: a ring
 * nobody heard costs nothing, since the announcement on Kafka and the scheduler's periodic pass still follow.
 *
 * <p>Notification channels are database-wide, so a ring carries the schema it was made in, and a listener heeds only
 * its own schema's rings.
 */
public final class AdmissionDoorbell {

    /** The notification channel. */
    static final String CHANNEL = "chimera_admission";

    /** The expression that rings: the payload is the ringing transaction's schema. */
    static final String NOTIFY = "pg_notify('" + CHANNEL + "', current_schema())";

    private AdmissionDoorbell() {
    }

    /** Rings on {@code connection}; heard when its transaction commits, and never if it rolls back. */
    static void ring(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + NOTIFY)) {
            statement.execute();
        }
    }
}
