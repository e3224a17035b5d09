package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerAnnouncement;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Admission against the real PostgreSQL, in a schema of its own that every test empties first: admission reads the
 * whole queue, so no other test's jobs may be in it. Every pass uses a new {@link JobAdmission}, as a restarted
 * scheduler would: what it decides comes from the database alone.
 */
@Tag("integration")
class JobAdmissionTest {

    private static final String SCHEMA = "admission_test";
    private static final AdmissionPolicy POLICY = new AdmissionPolicy(2, 2, 1);

    private static JobDatabase database;

    private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final TenantStore tenants = new TenantStore(database);
    private final WorkerMethods workers = new WorkerMethods(database);

    @BeforeAll
    static void openSchema() {
        database = JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), SCHEMA);
        database.migrate();
    }

    @AfterAll
    static void closeSchema() {
        database.close();
    }

    @BeforeEach
    void emptySchema() throws Exception {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE job_events, outbox, jobs, api_keys, worker_methods, tenants");
        }
    }

    @Test
    void anAdmittedJobIsMarkedDispatchedWithItsWorkOrderInTheOutbox() throws Exception {
        String tenant = TestDatabase.freshTenant(database);
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        List<Job> admitted = admit();

        assertEquals(List.of(job.id()), admitted.stream().map(Job::id).toList());
        Job stored = queries.get(job.id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, stored.status());
        assertTrue(stored.dispatchedAt().isPresent());
        assertEquals(Optional.of(0L), queries.queueOrder().positionOf(stored));
        assertEquals(1, outboxRowsFor(job.id(), "order"));
        assertEquals(List.of(), admit(), "an admitted job is not admitted twice");
    }

    @Test
    void aTenantsQuotaHoldsUntilOneOfItsJobsEnds() {
        String tenant = TestDatabase.freshTenant(database);
        tenants.setLimits(new TenantLimits(tenant, Optional.of(1), 0));
        announceWorkers(4);
        Job first = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertEquals(List.of(first.id()), ids(admit()));
        attempts.claim(first.id(), 1, "worker-0", Duration.ofMinutes(1)).orElseThrow();
        assertEquals(List.of(), admit(), "the running job holds the tenant's one slot");
        assertEquals(Optional.of(AdmissionPlan.TENANT_QUOTA), queries.get(second.id()).orElseThrow().queueReason());

        transitions.transition(Transition.succeed(first.id(), 1, Map.of()));
        assertEquals(List.of(second.id()), ids(admit()));
        assertEquals(Optional.empty(), queries.get(second.id()).orElseThrow().queueReason());
    }

    @Test
    void theDispatchBudgetFollowsTheLiveWorkersAndTheOthersWaitForCapacity() {
        String tenant = TestDatabase.freshTenant(database);
        tenants.setLimits(new TenantLimits(tenant, Optional.of(100), 0));
        List<Job> jobs = List.of(submit(tenant), submit(tenant), submit(tenant), submit(tenant), submit(tenant));

        assertEquals(1, admit().size(), "no live worker: the minimum of one order");
        announceWorkers(2);
        assertEquals(3, admit().size(), "two workers take four orders, one was sent");
        assertEquals(Optional.of(AdmissionPlan.CAPACITY), queries.get(jobs.get(4).id()).orElseThrow().queueReason());
        assertEquals(Optional.of(0L), queries.queueOrder().positionOf(queries.get(jobs.get(4).id()).orElseThrow()));
    }

    @Test
    void aJobsPriorityIsBoundedByItsTenantsCeiling() {
        String modest = TestDatabase.freshTenant(database);
        String trusted = TestDatabase.freshTenant(database);
        tenants.setLimits(new TenantLimits(trusted, Optional.empty(), 10));
        announceWorkers(0);
        Job older = submit(trusted);
        Job pushy = TestDatabase.submitted(submissions, TestDatabase.spliceJob(modest).withPriority(50));
        Job urgent = TestDatabase.submitted(submissions, TestDatabase.spliceJob(trusted).withPriority(5));

        QueueOrder queue = queries.queueOrder();
        assertEquals(Optional.of(0L), queue.positionOf(urgent));
        assertEquals(Optional.of(1L), queue.positionOf(older), "the pushy job runs at priority 0, after the older");
        assertEquals(Optional.of(2L), queue.positionOf(pushy));
        assertEquals(List.of(urgent.id()), ids(admit()), "the minimum of one order goes to the urgent job");
    }

    @Test
    void aDispatchNoWorkerStartedIsTakenBackAndAdmittedAgain() throws Exception {
        Job job = submit(TestDatabase.freshTenant(database));
        admit();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE jobs SET dispatched_at = now() - interval '11 minutes'");
        }

        assertEquals(1, new JobAdmission(database).readmitStale(Duration.ofMinutes(10)));
        assertEquals(List.of(job.id()), ids(admit()));
        assertEquals(2, outboxRowsFor(job.id(), "order"));
    }

    private List<Job> admit() {
        return new JobAdmission(database).admit(POLICY,
                job -> new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "{\"kind\": \"order\"}"));
    }

    private Job submit(String tenant) {
        return TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
    }

    private void announceWorkers(int count) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            workers.record(WorkerAnnouncement.serving("worker-" + i, Set.of(Method.SPLICE), now, Duration.ofSeconds(30)));
        }
    }

    private static List<UUID> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private static int outboxRowsFor(UUID jobId, String kind) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE key = ? AND payload ->> 'kind' = ?")) {
            statement.setString(1, jobId.toString());
            statement.setString(2, kind);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
