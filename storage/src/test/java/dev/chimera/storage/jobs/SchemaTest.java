package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rules the schema itself enforces, whatever code writes to it. */
@Tag("integration")
class SchemaTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);

    @Test
    void theTimelineCannotBeRewrittenOrDeleted() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(TestDatabase.freshTenant(database)));

        assertThrows(SQLException.class,
                () -> execute("UPDATE job_events SET status = 'failed' WHERE job_id = ?", job.id()));
        assertThrows(SQLException.class, () -> execute("DELETE FROM job_events WHERE job_id = ?", job.id()));

        assertEquals(1, queries.timeline(job.id()).size());
    }

    @Test
    void progressOutsideZeroToOneIsRefusedByTheDatabase() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(TestDatabase.freshTenant(database)));

        assertThrows(SQLException.class, () -> execute("UPDATE jobs SET progress = 1.5 WHERE id = ?", job.id()));
    }

    @Test
    void migratingAnUpToDateSchemaAppliesNothing() throws SQLException {
        int applied = appliedMigrations();

        database.migrate();

        assertEquals(applied, appliedMigrations());
    }

    private int appliedMigrations() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM flyway_schema_history WHERE success");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private void execute(String sql, UUID jobId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, jobId);
            statement.executeUpdate();
        }
    }
}
