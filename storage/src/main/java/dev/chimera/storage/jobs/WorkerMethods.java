package dev.chimera.storage.jobs;

import dev.chimera.contract.Method;
import dev.chimera.contract.messages.SchemaVersion;
import dev.chimera.contract.messages.WorkerAnnouncement;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The methods workers serve, from each worker's newest announcement: written by the scheduler as announcements
 * arrive, read by the gateway before it accepts a submit. A method is served while an announcement naming it has not
 * expired, by PostgreSQL's clock.
 */
public final class WorkerMethods {

    private final JobDatabase database;

    /** The worker methods of a shared, migrated database. */
    public WorkerMethods(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Records the announcement unless the worker's recorded one is as new or newer (by {@code announcedAt}), so a
     * redelivered or overtaken announcement changes nothing; true if it was recorded.
     */
    public boolean record(WorkerAnnouncement announcement) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO worker_methods AS recorded (worker_id, methods, announced_at, expires_at)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (worker_id) DO UPDATE
                       SET methods = EXCLUDED.methods, announced_at = EXCLUDED.announced_at,
                           expires_at = EXCLUDED.expires_at
                     WHERE recorded.announced_at < EXCLUDED.announced_at""")) {
                statement.setString(1, announcement.workerId());
                statement.setArray(2, connection.createArrayOf("text", announcement.methods().toArray()));
                statement.setObject(3, OffsetDateTime.ofInstant(announcement.announcedAt(), ZoneOffset.UTC));
                statement.setObject(4, OffsetDateTime.ofInstant(announcement.expiresAt(), ZoneOffset.UTC));
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** The methods some unexpired announcement names; names this contract does not know are left out. */
    public Set<Method> served() {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT DISTINCT unnest(methods) FROM worker_methods WHERE expires_at > now()");
                 ResultSet rows = statement.executeQuery()) {
                Set<Method> served = EnumSet.noneOf(Method.class);
                while (rows.next()) {
                    Method.fromWireName(rows.getString(1)).ifPresent(served::add);
                }
                return served;
            }
        });
    }

    /** The worker's recorded announcement, expired or not. */
    public Optional<WorkerAnnouncement> newest(String workerId) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT methods, announced_at, expires_at FROM worker_methods WHERE worker_id = ?")) {
                statement.setString(1, workerId);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Array methods = row.getArray("methods");
                    List<String> names = Arrays.stream((Object[]) methods.getArray()).map(String.class::cast).toList();
                    return Optional.of(new WorkerAnnouncement(SchemaVersion.CURRENT, workerId, names,
                            JobRows.instant(row, "announced_at"), JobRows.instant(row, "expires_at")));
                }
            }
        });
    }

    /** Deletes the announcements that expired before {@code cutoff} (workers long gone); returns how many. */
    public int forgetExpiredBefore(Instant cutoff) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM worker_methods WHERE expires_at < ?")) {
                statement.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                return statement.executeUpdate();
            }
        });
    }
}
