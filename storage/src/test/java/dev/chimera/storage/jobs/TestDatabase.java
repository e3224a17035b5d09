package dev.chimera.storage.jobs;

import dev.chimera.contract.Method;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL of the local stack, in a schema of its own so that test jobs never reach the services that
 * share the database, and fresh tenants so that every test sees only its own rows.
 */
final class TestDatabase {

    /** Outbox rows written by tests go to a topic no service consumes. */
    static final String TEST_TOPIC = "chimera.test.storage";

    private static final String SCHEMA = "storage_test";

    private TestDatabase() {
    }

    /** The configured database, with the test schema as the connection's current schema. */
    static DatabaseSettings settings() {
        return DatabaseSettings.fromEnvironment(System.getenv()).inSchema(SCHEMA);
    }

    private static JobDatabase shared;

    /** The test schema's database, opened and migrated once for all the tests of this JVM, closed when it exits. */
    static synchronized JobDatabase shared() {
        if (shared == null) {
            shared = openMigrated();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static JobDatabase openMigrated() {
        JobDatabase database = JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), SCHEMA);
        database.migrate();
        return database;
    }

    static String freshTenant(JobDatabase database) {
        String id = "test-" + UUID.randomUUID();
        new TenantStore(database).create(id, "Storage test tenant");
        return id;
    }

    static NewJob spliceJob(String tenantId) {
        return NewJob.of(tenantId, Method.SPLICE, "{\"iterations\": 10000}",
                Map.of("structure", "inputs/" + UUID.randomUUID(), "appearance", "inputs/" + UUID.randomUUID()));
    }

    static OutboxMessage announcement(NewJob job) {
        return new OutboxMessage(TEST_TOPIC, job.id().toString(), "{\"jobId\": \"" + job.id() + "\"}");
    }

    static Job submitted(SubmissionStore submissions, NewJob job) {
        Submission submission = submissions.submit(job, announcement(job));
        if (!(submission instanceof Submission.Created created)) {
            throw new IllegalStateException("expected a new job, got " + submission);
        }
        return created.job();
    }
}
