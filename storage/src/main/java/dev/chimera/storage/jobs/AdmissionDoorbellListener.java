package dev.chimera.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for the {@link AdmissionDoorbell} on a connection of its own and calls {@code onRing} for every ring made
 * in its schema, on the thread that runs it. Rings made while it was not listening are lost, so it also calls
 * {@code onRing} once each time it starts listening. A lost connection is opened again every
 * {@code reconnectDelay}; a quiet one is checked every few seconds, so a connection that died without a word is
 * noticed too.
 */
public final class AdmissionDoorbellListener implements Runnable {

    /** How the listener's connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "chimera-admission-doorbell";

    private static final Logger LOG = Logger.getLogger(AdmissionDoorbellListener.class);
    // How long one wait for notifications lasts: also how long stop() may take.
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final JobDatabase database;
    private final Runnable onRing;
    private final Duration reconnectDelay;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean listening;

    /** A listener on {@code database} that calls {@code onRing} for each ring in its schema. */
    public AdmissionDoorbellListener(JobDatabase database, Runnable onRing, Duration reconnectDelay) {
        this.database = Objects.requireNonNull(database, "database");
        this.onRing = Objects.requireNonNull(onRing, "onRing");
        this.reconnectDelay = Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    }

    /** Listens until {@link #stop()}, reconnecting after every loss of the connection. */
    @Override
    public void run() {
        boolean outageLogged = false;
        while (!stopped()) {
            try (Connection connection = database.openDedicatedConnection(APPLICATION_NAME)) {
                String schema = listen(connection);
                listening = true;
                LOG.infof("admission doorbell listening schema=%s", schema);
                outageLogged = false;
                onRing.run();
                hear(connection, schema);
            } catch (SQLException e) {
                if (!outageLogged && !stopped()) {
                    LOG.warnf("admission doorbell not listening, retrying every %s error=%s", reconnectDelay,
                            e.toString());
                    outageLogged = true;
                }
            } finally {
                listening = false;
            }
            awaitStop(reconnectDelay);
        }
    }

    /** True while the listener's connection listens. */
    public boolean listening() {
        return listening;
    }

    /** Makes {@link #run()} return within a wait for notifications. */
    public void stop() {
        stopRequested.countDown();
    }

    private static String listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + AdmissionDoorbell.CHANNEL);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_schema()");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private void hear(Connection connection, String schema) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long checkedAt = System.nanoTime();
        while (!stopped()) {
            PGNotification[] rings = notifications.getNotifications(WAIT_MILLIS);
            if (rings != null && anyFrom(rings, schema)) {
                onRing.run();
            }
            if (System.nanoTime() - checkedAt > CHECK_INTERVAL_NANOS) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                checkedAt = System.nanoTime();
            }
        }
    }

    private static boolean anyFrom(PGNotification[] rings, String schema) {
        for (PGNotification ring : rings) {
            if (schema.equals(ring.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private boolean stopped() {
        return stopRequested.getCount() == 0;
    }

    private void awaitStop(Duration timeout) {
        try {
            stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }
}
