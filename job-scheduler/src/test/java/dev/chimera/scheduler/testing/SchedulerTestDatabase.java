package dev.chimera.scheduler.testing;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.NewJob;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.Submission;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.TenantStore;
import dev.chimera.contract.KafkaTopics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack's real PostgreSQL, in a schema of its own so that the jobs of plain tests never reach a running
 * scheduler (nor the one a Quarkus test starts, which uses yet another schema).
 */
public final class SchedulerTestDatabase {

    private static final String SCHEMA = "scheduler_test";

    static {
        // A @QuarkusTest earlier in this JVM may have initialised DriverManager from Quarkus's class loader, whose
        // driver this class loader may not use; loading the class here registers the driver this loader sees.
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SchedulerTestDatabase() {
    }

    /** A migrated database in the test schema. */
    public static JobDatabase openMigrated() {
        return openMigrated(SCHEMA);
    }

    /**
     * A migrated database in a schema of the caller's, emptied: for tests of admission, which reads every queued job
     * of its schema.
     */
    public static JobDatabase openEmptied(String schema) {
        JobDatabase database = openMigrated(schema);
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement truncate = connection.prepareStatement(
                     "TRUNCATE job_events, outbox, jobs, api_keys, worker_methods, tenants")) {
            truncate.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty schema " + schema, e);
        }
        return database;
    }

    private static JobDatabase openMigrated(String schema) {
        JobDatabase database = JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), schema);
        database.migrate();
        return database;
    }

    /** A tenant no other test uses. */
    public static String freshTenant(JobDatabase database) {
        String id = "scheduler-test-" + UUID.randomUUID();
        new TenantStore(database).create(id, "Scheduler test tenant");
        return id;
    }

    /** A morphing job of {@code tenant}, not yet stored. */
    public static NewJob morphingJob(String tenant) {
        return NewJob.of(tenant, Method.CROSSBREED, "{\"frames\": 8}",
                Map.of("imageA", "inputs/a-" + UUID.randomUUID(), "imageB", "inputs/b-" + UUID.randomUUID()));
    }

    /** Stores the job with its JobSubmitted announcement in the outbox, as the gateway does. */
    public static Job submit(SubmissionStore submissions, NewJob job) {
        Submission submission = submissions.submit(job, announcement(job));
        if (!(submission instanceof Submission.Created created)) {
            throw new IllegalStateException("expected a new job, got " + submission);
        }
        return created.job();
    }

    /** The JobSubmitted outbox row the gateway writes with a job. */
    public static OutboxMessage announcement(NewJob job) {
        try {
            JobSubmitted submitted = JobSubmitted.of(job.id(), job.tenantId(), job.kind(), job.method(),
                    job.priority(), ContractJson.mapper().readTree(job.paramsJson()), job.inputKeys(),
                    Instant.now(), job.deadline().orElse(null));
            return new OutboxMessage(KafkaTopics.SUBMITTED, job.id().toString(),
                    ContractJson.mapper().writeValueAsString(submitted));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One outbox row as the tests inspect it. */
    public record OutboxRow(String topic, String payload, Instant notBefore, boolean sent) {
    }

    /** The job's outbox rows, oldest first. */
    public static List<OutboxRow> outboxRows(JobDatabase database, UUID jobId) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT topic, payload::text AS payload, not_before, sent_at IS NOT NULL AS sent
                       FROM outbox WHERE key = ? ORDER BY id""")) {
            statement.setString(1, jobId.toString());
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    var notBefore = result.getObject("not_before", java.time.OffsetDateTime.class);
                    rows.add(new OutboxRow(result.getString("topic"), result.getString("payload"),
                            notBefore == null ? null : notBefore.toInstant(), result.getBoolean("sent")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
