package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.scheduler.testing.SchedulerTestDatabase.OutboxRow;
import dev.chimera.storage.jobs.AdmissionPlan;
import dev.chimera.storage.jobs.AdmissionPolicy;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobAdmission;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.TenantLimits;
import dev.chimera.storage.jobs.TenantStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against the real PostgreSQL, in a schema of its own emptied before each test (admission reads the
 * whole queue). A "restarted" scheduler is a new dispatcher over the same database.
 */
@Tag("integration")
class DispatcherTest {

    private static final AdmissionPolicy POLICY = new AdmissionPolicy(1, 2, 4);

    private JobDatabase database;
    private SubmissionStore submissions;
    private JobQueries queries;
    private String tenant;
    private final AtomicInteger relayWakes = new AtomicInteger();

    @BeforeEach
    void openDatabase() {
        database = SchedulerTestDatabase.openEmptied("dispatcher_test");
        submissions = new SubmissionStore(database);
        queries = new JobQueries(database);
        tenant = SchedulerTestDatabase.freshTenant(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private Dispatcher dispatcher(Runnable wakeRelay) {
        return new Dispatcher(new JobAdmission(database), POLICY, Duration.ofMinutes(1), Duration.ofMinutes(10),
                wakeRelay, new SchedulerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    }

    @Test
    void anAdmittedJobsWorkOrderOfItsFirstAttemptGoesToTheOutboxForTheWorkTopicOfItsKind() throws Exception {
        Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));

        List<Job> admitted = dispatcher(relayWakes::incrementAndGet).admitNow();

        assertEquals(List.of(job.id()), admitted.stream().map(Job::id).toList());
        assertEquals(1, relayWakes.get(), "the relay publishes the order at once");
        OutboxRow order = SchedulerTestDatabase.outboxRows(database, job.id()).stream()
                .filter(row -> row.topic().equals(KafkaTopics.work(JobKind.MORPHING))).findFirst().orElseThrow();
        WorkOrder parsed = ContractJson.mapper().readValue(order.payload(), WorkOrder.class);
        assertEquals(job.id(), parsed.jobId());
        assertEquals(1, parsed.attempt());
        assertEquals(job.inputKeys(), parsed.inputKeys());
    }

    @Test
    void aRestartedSchedulerKeepsTheQuotaItsPredecessorFilled() {
        Job first = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
        Job second = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
        dispatcher(() -> { }).admitNow();

        List<Job> afterRestart = dispatcher(relayWakes::incrementAndGet).admitNow();

        assertEquals(List.of(), afterRestart);
        assertEquals(0, relayWakes.get(), "nothing admitted, nothing to publish");
        assertTrue(queries.get(first.id()).orElseThrow().dispatchedAt().isPresent());
        assertEquals(Optional.of(AdmissionPlan.TENANT_QUOTA), queries.get(second.id()).orElseThrow().queueReason());
    }

    @Test
    void aRestartedSchedulerAdmitsByTheCeilingBoundedPriorityItReadsFromTheDatabase() {
        new TenantStore(database).setLimits(new TenantLimits(tenant, Optional.of(1), 3));
        SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
        Job urgent = SchedulerTestDatabase.submit(submissions,
                SchedulerTestDatabase.morphingJob(tenant).withPriority(9));

        List<Job> admitted = dispatcher(() -> { }).admitNow();

        assertEquals(List.of(urgent.id()), admitted.stream().map(Job::id).toList());
    }

    @Test
    void aWakeRunsAPassOnTheDispatchersThread() throws Exception {
        CountDownLatch published = new CountDownLatch(1);
        Dispatcher dispatcher = dispatcher(published::countDown);
        Thread thread = new Thread(dispatcher, "dispatcher-test");
        thread.start();
        try {
            Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
            dispatcher.wake();

            assertTrue(published.await(30, TimeUnit.SECONDS), "the woken pass admitted the job");
            assertTrue(queries.get(job.id()).orElseThrow().dispatchedAt().isPresent());
        } finally {
            dispatcher.stop();
            thread.join(10_000);
        }
    }
}
