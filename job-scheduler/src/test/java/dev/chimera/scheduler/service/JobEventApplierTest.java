package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.scheduler.testing.MutableClock;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.scheduler.testing.SchedulerTestDatabase.OutboxRow;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobEvent;
import dev.chimera.storage.jobs.JobEventType;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.RunningAttempts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobEventApplierTest {

    private static final String WORKER = "worker-a";

    private static JobDatabase database;
    private static SubmissionStore submissions;
    private static JobQueries queries;
    private static JobTransitions transitions;
    private static RunningAttempts attempts;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger relayWakeups = new AtomicInteger();
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

    private JobEventApplier applier(int maxAttempts) {
        return new JobEventApplier(queries, transitions, attempts,
                new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new ProgressThrottle(Duration.ofMillis(500)), new SchedulerMetrics(meters),
                relayWakeups::incrementAndGet, clock);
    }

    private Job runningJob() {
        Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
        attempts.claim(job.id(), 1, WORKER, Duration.ofMinutes(5)).orElseThrow();
        return job;
    }

    private Job reload(Job job) {
        return queries.get(job.id()).orElseThrow();
    }

    private WorkerEvent progress(Job job, double fraction) {
        return WorkerEvent.ProgressReport.of(job.id(), 1, WORKER, clock.instant(), fraction, "generating", 3L, 8L,
                null);
    }

    private static WorkOrder workOrder(OutboxRow row) throws Exception {
        return ContractJson.mapper().readValue(row.payload(), WorkOrder.class);
    }

    private List<OutboxRow> workOrderRows(Job job) {
        return SchedulerTestDatabase.outboxRows(database, job.id()).stream()
                .filter(row -> row.topic().equals(KafkaTopics.work(job.kind())))
                .toList();
    }

    private double count(String outcome) {
        return meters.get("chimera.scheduler.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    @Test
    void aSucceededEventStoresTheResultsByFileName() {
        Job job = runningJob();

        applier(3).apply(new WorkerEvent.Succeeded(job.id(), 1, WORKER, clock.instant(), List.of(
                "results/" + job.id() + "/1/frame-000.png", "results/" + job.id() + "/1/morph.gif")));

        Job done = reload(job);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(Map.of("frame-000.png", "results/" + job.id() + "/1/frame-000.png",
                "morph.gif", "results/" + job.id() + "/1/morph.gif"), done.resultKeys());
        assertEquals(1.0, done.progress());
    }

    @Test
    void progressIsWrittenAtMostOncePerIntervalAndHeldBackProgressFollowsLater() {
        Job job = runningJob();
        JobEventApplier applier = applier(3);

        applier.apply(progress(job, 0.1));
        applier.apply(progress(job, 0.4));
        assertEquals(0.1, reload(job).progress());

        clock.advance(Duration.ofMillis(499));
        applier.flushDueProgress();
        assertEquals(0.1, reload(job).progress());

        clock.advance(Duration.ofMillis(1));
        applier.flushDueProgress();
        Job later = reload(job);
        assertEquals(0.4, later.progress());
        assertEquals(Optional.of("generating"), later.stage());
        assertEquals(Optional.of(3), later.step());
        assertEquals(Optional.of(8), later.totalSteps());
    }

    @Test
    void theLastProgressBeforeAFailureIsNotLost() {
        Job job = runningJob();
        JobEventApplier applier = applier(3);

        applier.apply(progress(job, 0.1));
        applier.apply(progress(job, 0.7));
        applier.apply(new WorkerEvent.Failed(job.id(), 1, WORKER, clock.instant(), "out_of_memory", "CUDA OOM", false));

        Job failed = reload(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(0.7, failed.progress());
    }

    @Test
    void aFailureThatIsNotRetryableEndsTheJobWithItsCode() {
        Job job = runningJob();

        applier(3).apply(new WorkerEvent.Failed(job.id(), 1, WORKER, clock.instant(),
                "bad_input", "cannot decode", false));

        Job failed = reload(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(Optional.of("bad_input"), failed.errorCode());
        assertEquals(Optional.of("cannot decode"), failed.errorMessage());
        assertEquals(List.of(), workOrderRows(job));
    }

    @Test
    void aRetryableFailureIsRedispatchedWithBackoffThroughTheOutbox() throws Exception {
        Job job = runningJob();

        applier(3).apply(new WorkerEvent.Failed(job.id(), 1, WORKER, clock.instant(),
                "device_lost", "GPU reset", true));

        Job retried = reload(job);
        assertEquals(JobStatus.QUEUED, retried.status());
        assertEquals(2, retried.attempt());
        List<OutboxRow> orders = workOrderRows(job);
        assertEquals(1, orders.size());
        assertEquals(2, workOrder(orders.get(0)).attempt());
        assertEquals(clock.instant().plusSeconds(1), orders.get(0).notBefore());
        assertEquals(1, relayWakeups.get());
    }

    @Test
    void aRetryableFailureOnTheLastAttemptEndsTheJob() {
        Job job = runningJob();

        applier(1).apply(new WorkerEvent.Failed(job.id(), 1, WORKER, clock.instant(),
                "device_lost", "GPU reset", true));

        Job failed = reload(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(Optional.of("device_lost"), failed.errorCode());
        assertEquals(List.of(), workOrderRows(job));
    }

    @Test
    void aReleasedJobIsRedispatchedAtOnceFromItsCheckpoint() throws Exception {
        Job job = runningJob();
        String checkpoint = "checkpoints/" + job.id() + "/1/step-400";

        applier(3).apply(new WorkerEvent.Released(job.id(), 1, WORKER, clock.instant(), checkpoint));

        Job released = reload(job);
        assertEquals(JobStatus.QUEUED, released.status());
        assertEquals(2, released.attempt());
        OutboxRow row = workOrderRows(job).get(0);
        assertEquals(checkpoint, workOrder(row).resumeCheckpointKey());
        assertNull(row.notBefore());
    }

    @Test
    void aRecordedCheckpointIsWhereTheNextAttemptResumes() throws Exception {
        Job job = runningJob();
        String checkpoint = "checkpoints/" + job.id() + "/1/step-200";
        JobEventApplier applier = applier(3);

        applier.apply(new WorkerEvent.CheckpointWritten(job.id(), 1, WORKER, clock.instant(), checkpoint, 200L));
        applier.apply(new WorkerEvent.Released(job.id(), 1, WORKER, clock.instant(), null));

        assertEquals(Optional.of(checkpoint), reload(job).checkpointKey());
        assertEquals(checkpoint, workOrder(workOrderRows(job).get(0)).resumeCheckpointKey());
    }

    @Test
    void anInversionCacheHitShowsOnceInTheTimelineOfItsAttempt() {
        Job job = runningJob();
        JobEventApplier applier = applier(3);
        WorkerEvent hit = new WorkerEvent.InversionCached(job.id(), 1, WORKER, clock.instant(), List.of("appearance"));

        applier.apply(hit);
        applier.apply(hit);
        applier.apply(new WorkerEvent.InversionCached(job.id(), 2, WORKER, clock.instant(), List.of("structure")));

        List<JobEvent> hits = queries.timeline(job.id()).stream()
                .filter(event -> event.type() == JobEventType.INVERSION_CACHED).toList();
        assertEquals(1, hits.size());
        assertTrue(hits.get(0).payloadJson().contains("appearance"), hits.get(0).payloadJson());
        assertEquals(JobStatus.RUNNING, reload(job).status(), "a cache hit changes nothing about the job's state");
        assertEquals(1.0, count("applied"));
        assertEquals(2.0, count("stale"));
    }

    @Test
    void aReleaseBeforeAnyCheckpointStartsTheNextAttemptFromScratch() throws Exception {
        Job job = runningJob();

        applier(3).apply(new WorkerEvent.Released(job.id(), 1, WORKER, clock.instant(), null));

        assertNull(workOrder(workOrderRows(job).get(0)).resumeCheckpointKey());
    }

    @Test
    void anEventOfAnOlderAttemptChangesNothing() {
        Job job = runningJob();
        JobEventApplier applier = applier(3);
        applier.apply(new WorkerEvent.Released(job.id(), 1, WORKER, clock.instant(), null));

        applier.apply(new WorkerEvent.Succeeded(job.id(), 1, WORKER, clock.instant(), List.of("results/x/1/a.png")));
        applier.apply(new WorkerEvent.Failed(job.id(), 1, WORKER, clock.instant(), "device_lost", "late", true));
        applier.apply(WorkerEvent.ProgressReport.of(job.id(), 1, WORKER, clock.instant(), 0.9, null, null, null, null));

        Job current = reload(job);
        assertEquals(JobStatus.QUEUED, current.status());
        assertEquals(2, current.attempt());
        assertEquals(Map.of(), current.resultKeys());
        assertEquals(0.0, current.progress());
        assertEquals(1, workOrderRows(job).size());
        assertEquals(3.0, count("stale"));
    }

    @Test
    void aDuplicateTerminalEventIsIgnored() {
        Job job = runningJob();
        JobEventApplier applier = applier(3);
        WorkerEvent succeeded = new WorkerEvent.Succeeded(job.id(), 1, WORKER, clock.instant(),
                List.of("results/x/1/a.png"));

        applier.apply(succeeded);
        applier.apply(succeeded);

        assertEquals(JobStatus.SUCCEEDED, reload(job).status());
        assertEquals(1.0, count("applied"));
        assertEquals(1.0, count("stale"));
    }

    @Test
    void aStartedEventRecordsTheDeviceOfTheRunningAttempt() {
        Job job = runningJob();

        applier(3).apply(new WorkerEvent.Started(job.id(), 1, WORKER, clock.instant(), clock.instant().plusSeconds(30),
                "gpu(0)"));
        applier(3).apply(new WorkerEvent.Started(job.id(), 2, WORKER, clock.instant(), clock.instant().plusSeconds(30),
                "cpu"));

        assertEquals(Optional.of("gpu(0)"), reload(job).device());
    }

    @Test
    void trainingProgressStoresPreviewSpeedTimeLeftAndLosses() {
        Job job = runningJob();

        applier(3).apply(WorkerEvent.ProgressReport.training(job.id(), 1, WORKER, clock.instant(),
                0.5, "training", 50, 100,
                "jobs/" + job.id() + "/previews/step-50.png", 2.0, 25.0, Map.of("loss", 3.5, "loss_global_cls", 0.3)));

        Job stored = reload(job);
        assertEquals(Optional.of("jobs/" + job.id() + "/previews/step-50.png"), stored.previewKey());
        assertEquals(Optional.of(2.0), stored.stepsPerSecond());
        assertEquals(Optional.of(25.0), stored.etaSeconds());
        assertEquals(Map.of("loss", 3.5, "loss_global_cls", 0.3), stored.losses());
        assertEquals(Optional.of(50), stored.step());
    }
}
