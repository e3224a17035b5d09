package dev.chimera.scheduler.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.scheduler.testing.SchedulerTestDatabase.OutboxRow;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobEventType;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.RunningAttempts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class LeaseWatchdogTest {

    private static final Duration TINY_TTL = Duration.ofMillis(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static JobDatabase database;
    private static SubmissionStore submissions;
    private static JobQueries queries;
    private static JobTransitions transitions;
    private static RunningAttempts attempts;
    private String tenant;

    @BeforeAll
    static void openDatabase() {
        database = SchedulerTestDatabase.openMigrated();
        submissions = new SubmissionStore(database);
        queries = new JobQueries(database);
        transitions = new JobTransitions(database);
        attempts = new RunningAttempts(database);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void freshTenant() {
        tenant = SchedulerTestDatabase.freshTenant(database);
    }

    private static LeaseWatchdog watchdog(int maxAttempts) {
        return new LeaseWatchdog(transitions,
                new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new SchedulerMetrics(new SimpleMeterRegistry()), () -> { }, () -> Optional.of(Instant.now()),
                new LeaseGrace(Duration.ofSeconds(30), Clock.systemUTC()), Clock.systemUTC());
    }

    private Job submitted() {
        return SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
    }

    private Job awaitStatus(LeaseWatchdog watchdog, Job job, JobStatus status) {
        await().atMost(TIMEOUT).until(() -> {
            watchdog.sweep();
            return queries.get(job.id()).orElseThrow().status() == status;
        });
        return queries.get(job.id()).orElseThrow();
    }

    private List<OutboxRow> workOrderRows(Job job) {
        return SchedulerTestDatabase.outboxRows(database, job.id()).stream()
                .filter(row -> row.topic().equals(KafkaTopics.work(job.kind())))
                .toList();
    }

    @Test
    void aRunningJobWhoseLeaseExpiredIsRedispatchedWithTheNextAttempt() throws Exception {
        Job job = submitted();
        attempts.claim(job.id(), 1, "worker-a", TINY_TTL).orElseThrow();

        Job redispatched = awaitStatus(watchdog(3), job, JobStatus.QUEUED);

        assertEquals(2, redispatched.attempt());
        List<OutboxRow> orders = workOrderRows(job);
        assertEquals(1, orders.size());
        assertEquals(2, ContractJson.mapper().readValue(orders.get(0).payload(), WorkOrder.class).attempt());
    }

    @Test
    void aLostLeaseOnTheLastAttemptFailsTheJobAsWorkerLost() {
        Job job = submitted();
        LeaseWatchdog watchdog = watchdog(2);
        attempts.claim(job.id(), 1, "worker-a", TINY_TTL).orElseThrow();
        awaitStatus(watchdog, job, JobStatus.QUEUED);
        attempts.claim(job.id(), 2, "worker-b", TINY_TTL).orElseThrow();

        Job failed = awaitStatus(watchdog, job, JobStatus.FAILED);

        assertEquals(2, failed.attempt());
        assertEquals(Optional.of(FailureCode.WORKER_LOST.wireName()), failed.errorCode());
        assertEquals(1, workOrderRows(job).size());
    }

    @Test
    void aLiveLeaseIsLeftAlone() {
        Job job = submitted();
        attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        watchdog(3).sweep();

        Job running = queries.get(job.id()).orElseThrow();
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(1, running.attempt());
    }

    @Test
    void aQueuedJobPastItsDeadlineExpires() {
        Job job = SchedulerTestDatabase.submit(submissions,
                SchedulerTestDatabase.morphingJob(tenant).withDeadline(Instant.now().plusMillis(200)));

        Job expired = awaitStatus(watchdog(3), job, JobStatus.EXPIRED);

        assertEquals(List.of(), workOrderRows(job));
        assertEquals(JobStatus.EXPIRED, expired.status());
    }

    @Test
    void twoWatchdogsSweepingTheSameDatabaseNeverMoveAJobTwice() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Job job = submitted();
            attempts.claim(job.id(), 1, "worker-" + i, TINY_TTL).orElseThrow();
            jobs.add(job);
        }
        LeaseWatchdog first = watchdog(3);
        LeaseWatchdog second = watchdog(3);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> start = new CompletableFuture<>();
            List<Future<?>> sweeps = List.of(
                    replicas.submit(() -> sweepUntilAllQueued(start, first, jobs)),
                    replicas.submit(() -> sweepUntilAllQueued(start, second, jobs)));
            start.complete(null);
            for (Future<?> sweep : sweeps) {
                sweep.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }

        for (Job job : jobs) {
            Job current = queries.get(job.id()).orElseThrow();
            assertEquals(JobStatus.QUEUED, current.status());
            assertEquals(2, current.attempt());
            long redispatches = queries.timeline(job.id()).stream()
                    .filter(event -> event.type() == JobEventType.REDISPATCHED).count();
            assertEquals(1, redispatches, "re-dispatches of " + job.id());
            assertEquals(1, workOrderRows(job).size(), "work orders of " + job.id());
        }
    }

    private static Void sweepUntilAllQueued(CompletableFuture<Void> start, LeaseWatchdog watchdog, List<Job> jobs) {
        start.join();
        await().atMost(TIMEOUT).until(() -> {
            watchdog.sweep();
            return jobs.stream().allMatch(job -> queries.get(job.id()).orElseThrow().status() == JobStatus.QUEUED);
        });
        return null;
    }
}
