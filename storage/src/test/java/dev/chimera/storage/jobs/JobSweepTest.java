package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobSweepTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final String tenant = TestDatabase.freshTenant(database);

    private Job runningWithExpiredLease() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Instant expiry = attempts.claim(job.id(), 1, "worker-a", Duration.ofMillis(1)).orElseThrow().expiresAt();
        // A sweep reads PostgreSQL's clock at its transaction's start, which can be within the millisecond.
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiry.plusMillis(1)));
        return job;
    }

    private static PlannedTransition redispatch(Job job) {
        return new PlannedTransition(Transition.redispatch(job.id(), job.attempt()), List.of(
                new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "{\"attempt\": 2}")));
    }

    private static List<UUID> appliedIds(List<TransitionResult> results) {
        return results.stream().filter(TransitionResult::applied)
                .map(result -> ((TransitionResult.Applied) result).job().id()).toList();
    }

    @Test
    void aCheckpointIsRecordedOnlyForTheRunningAttempt() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        assertFalse(attempts.recordCheckpoint(job.id(), 1, "checkpoints/queued"));
        attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        assertFalse(attempts.recordCheckpoint(job.id(), 2, "checkpoints/stale"));
        assertTrue(attempts.recordCheckpoint(job.id(), 1, "checkpoints/" + job.id() + "/1/step-100"));

        assertEquals(Optional.of("checkpoints/" + job.id() + "/1/step-100"),
                queries.get(job.id()).orElseThrow().checkpointKey());
        List<JobEvent> timeline = queries.timeline(job.id());
        JobEvent checkpointed = timeline.get(timeline.size() - 1);
        assertEquals(JobEventType.CHECKPOINTED, checkpointed.type());
        assertTrue(checkpointed.payloadJson().contains("step-100"), checkpointed.payloadJson());
        assertEquals(1, timeline.stream().filter(event -> event.type() == JobEventType.CHECKPOINTED).count(),
                "refused checkpoints leave no timeline entry");
    }

    @Test
    void anInversionCacheHitIsOneTimelineEntryOfTheRunningAttempt() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        assertFalse(attempts.recordInversionCached(job.id(), 1, List.of("appearance")), "not running yet");
        attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        assertFalse(attempts.recordInversionCached(job.id(), 2, List.of("appearance")), "another attempt");
        assertTrue(attempts.recordInversionCached(job.id(), 1, List.of("appearance", "structure")));
        assertFalse(attempts.recordInversionCached(job.id(), 1, List.of("appearance", "structure")),
                "a redelivered event adds nothing");

        List<JobEvent> hits = queries.timeline(job.id()).stream()
                .filter(event -> event.type() == JobEventType.INVERSION_CACHED).toList();
        assertEquals(1, hits.size());
        assertEquals("inversion-cached", hits.get(0).type().wireName());
        assertEquals(1, hits.get(0).attempt());
        assertEquals(JobStatus.RUNNING, hits.get(0).status());
        assertTrue(hits.get(0).payloadJson().replace(" ", "").contains("\"inputs\":[\"appearance\",\"structure\"]"),
                hits.get(0).payloadJson());
    }

    @Test
    void anExpiredLeaseIsTransitionedWithItsOutboxMessageInOneGo() {
        Job job = runningWithExpiredLease();

        List<UUID> moved = appliedIds(transitions.transitionExpiredLeases(Instant.now(), 1000,
                JobSweepTest::redispatch));

        assertTrue(moved.contains(job.id()));
        Job requeued = queries.get(job.id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, requeued.status());
        assertEquals(2, requeued.attempt());
        assertEquals(1, outboxRows(job.id(), "{\"attempt\": 2}"));
    }

    @Test
    void aJobLockedByAnotherSweeperIsSkippedNotWaitedFor() throws Exception {
        Job job = runningWithExpiredLease();

        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, job.id());
                lock.executeQuery().close();
            }

            List<UUID> moved = appliedIds(transitions.transitionExpiredLeases(Instant.now(), 1000,
                    JobSweepTest::redispatch));

            assertFalse(moved.contains(job.id()));
            assertEquals(JobStatus.RUNNING, queries.get(job.id()).orElseThrow().status());
            other.rollback();
        }
        assertTrue(appliedIds(transitions.transitionExpiredLeases(Instant.now(), 1000, JobSweepTest::redispatch))
                .contains(job.id()));
    }

    @Test
    void aLeaseThatExpiredAfterTheCutoffIsLeftAlone() {
        Job job = runningWithExpiredLease();
        Instant beforeItExpired = queries.get(job.id()).orElseThrow().leaseExpiresAt().orElseThrow().minusMillis(1);

        assertFalse(appliedIds(transitions.transitionExpiredLeases(beforeItExpired, 1000, JobSweepTest::redispatch))
                .contains(job.id()));
        assertEquals(JobStatus.RUNNING, queries.get(job.id()).orElseThrow().status());
    }

    @Test
    void aQueuedJobPastItsDeadlineIsTransitionedAndAFutureDeadlineIsLeftAlone() {
        Job past = TestDatabase.submitted(submissions,
                TestDatabase.spliceJob(tenant).withDeadline(Instant.now().minusSeconds(1)));
        Job future = TestDatabase.submitted(submissions,
                TestDatabase.spliceJob(tenant).withDeadline(Instant.now().plusSeconds(3600)));

        List<UUID> moved = appliedIds(transitions.transitionQueuedPastDeadline(1000,
                job -> new PlannedTransition(Transition.expire(job.id(), job.attempt()), List.of())));

        assertTrue(moved.contains(past.id()));
        assertFalse(moved.contains(future.id()));
        assertEquals(JobStatus.EXPIRED, queries.get(past.id()).orElseThrow().status());
        assertEquals(JobStatus.QUEUED, queries.get(future.id()).orElseThrow().status());
    }

    private int outboxRows(UUID jobId, String payload) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE key = ? AND payload = ?::jsonb")) {
            statement.setString(1, jobId.toString());
            statement.setString(2, payload);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
