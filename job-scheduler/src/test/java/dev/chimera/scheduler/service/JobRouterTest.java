package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.NewJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobRouterTest {

    private static JobDatabase database;
    private static SubmissionStore submissions;
    private static JobQueries queries;
    private static JobTransitions transitions;
    private static RunningAttempts attempts;
    private final JobRouter router = new JobRouter(queries, transitions,
            new SchedulerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
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

    private static JobSubmitted announcementOf(NewJob job) throws Exception {
        return ContractJson.mapper().readValue(SchedulerTestDatabase.announcement(job).payloadJson(),
                JobSubmitted.class);
    }

    @Test
    void aQueuedJobBecomesTheWorkOrderOfItsFirstAttempt() throws Exception {
        NewJob newJob = SchedulerTestDatabase.morphingJob(tenant).withPriority(5);
        Job job = SchedulerTestDatabase.submit(submissions, newJob);

        WorkOrder order = router.route(announcementOf(newJob)).orElseThrow();

        assertEquals(job.id(), order.jobId());
        assertEquals(1, order.attempt());
        assertEquals(tenant, order.tenant());
        assertEquals(JobKind.MORPHING, order.kind());
        assertEquals(Method.CROSSBREED, order.method());
        assertEquals(5, order.priority());
        assertEquals(8, order.params().get("frames").asInt());
        assertEquals(job.inputKeys(), order.inputKeys());
        assertNull(order.resumeCheckpointKey());
    }

    @Test
    void aJobThatAlreadyStartedIsNotRoutedAgain() throws Exception {
        NewJob newJob = SchedulerTestDatabase.morphingJob(tenant);
        Job job = SchedulerTestDatabase.submit(submissions, newJob);
        attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        assertTrue(router.route(announcementOf(newJob)).isEmpty());
    }

    @Test
    void aJobPastItsDeadlineIsExpiredInsteadOfRouted() throws Exception {
        NewJob newJob = SchedulerTestDatabase.morphingJob(tenant).withDeadline(Instant.now().minusSeconds(1));
        Job job = SchedulerTestDatabase.submit(submissions, newJob);

        assertTrue(router.route(announcementOf(newJob)).isEmpty());
        assertEquals(JobStatus.EXPIRED, queries.get(job.id()).orElseThrow().status());
    }

    @Test
    void aJobThisDatabaseDoesNotKnowIsNotRouted() {
        JobSubmitted stranger = JobSubmitted.of(UUID.randomUUID(), tenant, JobKind.MORPHING, Method.CROSSBREED, 0,
                JsonNodeFactory.instance.objectNode(), Map.of(), Instant.now(), null);

        assertTrue(router.route(stranger).isEmpty());
    }

    @Test
    void aBatchReadAheadRoutesEachAnnouncementAsIfReadAloneAndKnowsItsStrangers() throws Exception {
        NewJob queued = SchedulerTestDatabase.morphingJob(tenant);
        NewJob started = SchedulerTestDatabase.morphingJob(tenant);
        Job queuedJob = SchedulerTestDatabase.submit(submissions, queued);
        Job startedJob = SchedulerTestDatabase.submit(submissions, started);
        attempts.claim(startedJob.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();
        JobSubmitted stranger = JobSubmitted.of(UUID.randomUUID(), tenant, JobKind.MORPHING, Method.CROSSBREED, 0,
                JsonNodeFactory.instance.objectNode(), Map.of(), Instant.now(), null);

        router.readAhead(List.of(queuedJob.id(), startedJob.id(), stranger.jobId()));

        assertEquals(queuedJob.id(), router.route(announcementOf(queued)).orElseThrow().jobId());
        assertTrue(router.route(announcementOf(started)).isEmpty());
        assertTrue(router.route(stranger).isEmpty());
        // A redelivery within the same batch reads the row again instead of reusing the first read.
        attempts.claim(queuedJob.id(), 1, "worker-b", Duration.ofMinutes(5)).orElseThrow();
        assertTrue(router.route(announcementOf(queued)).isEmpty());
    }
}
