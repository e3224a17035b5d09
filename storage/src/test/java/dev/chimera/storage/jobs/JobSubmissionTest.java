package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobSubmissionTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void submittingInsertsAQueuedJobWithItsOutboxMessageAndASubmittedEvent() throws SQLException {
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        NewJob job = TestDatabase.spliceJob(tenant).withPriority(7).withDeadline(deadline);

        Job stored = TestDatabase.submitted(submissions, job);

        assertEquals(job.id(), stored.id());
        assertEquals(tenant, stored.tenantId());
        assertEquals(JobKind.TRANSFER, stored.kind());
        assertEquals(Method.SPLICE, stored.method());
        assertEquals(JobStatus.QUEUED, stored.status());
        assertEquals(1, stored.attempt());
        assertEquals(7, stored.priority());
        assertEquals(deadline, stored.deadline().orElseThrow());
        assertEquals(job.inputKeys(), stored.inputKeys());
        assertEquals(Map.of(), stored.resultKeys());
        assertEquals(0.0, stored.progress());
        assertEquals(stored, queries.get(job.id()).orElseThrow());

        List<JobEvent> timeline = queries.timeline(job.id());
        assertEquals(1, timeline.size());
        assertEquals(JobEventType.SUBMITTED, timeline.get(0).type());
        assertEquals(JobStatus.QUEUED, timeline.get(0).status());
        assertEquals(1, outboxRowsFor(job.id()));
    }

    @Test
    void aFailingOutboxWriteLeavesNoJobBehind() {
        NewJob job = TestDatabase.spliceJob(tenant);
        OutboxMessage notJson = new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "not json");

        assertThrows(JobStoreException.class, () -> submissions.submit(job, notJson));

        assertTrue(queries.get(job.id()).isEmpty());
        assertTrue(queries.timeline(job.id()).isEmpty());
    }

    @Test
    void submittingWithSameIdempotencyKeyAndBodyReturnsTheFirstJob() throws SQLException {
        NewJob first = TestDatabase.spliceJob(tenant).withIdempotencyKey("key-1", "hash-a");
        NewJob retry = TestDatabase.spliceJob(tenant).withIdempotencyKey("key-1", "hash-a");

        Job created = TestDatabase.submitted(submissions, first);
        Submission replay = submissions.submit(retry, TestDatabase.announcement(retry));

        assertEquals(created, assertInstanceOf(Submission.Replayed.class, replay).job());
        assertTrue(queries.get(retry.id()).isEmpty());
        assertEquals(0, outboxRowsFor(retry.id()));
        assertEquals(1, outboxRowsFor(first.id()));
        assertEquals(1, queries.timeline(first.id()).size());
    }

    @Test
    void reusingAnIdempotencyKeyWithAnotherBodyIsAConflictThatWritesNothing() throws SQLException {
        NewJob first = TestDatabase.spliceJob(tenant).withIdempotencyKey("key-1", "hash-a");
        NewJob other = TestDatabase.spliceJob(tenant).withIdempotencyKey("key-1", "hash-b");

        Job created = TestDatabase.submitted(submissions, first);
        Submission conflict = submissions.submit(other, TestDatabase.announcement(other));

        assertEquals(created, assertInstanceOf(Submission.IdempotencyConflict.class, conflict).job());
        assertTrue(queries.get(other.id()).isEmpty());
        assertEquals(0, outboxRowsFor(other.id()));
    }

    @Test
    void theSameIdempotencyKeyInAnotherTenantIsIndependent() {
        String otherTenant = TestDatabase.freshTenant(database);
        NewJob mine = TestDatabase.spliceJob(tenant).withIdempotencyKey("shared-key", "hash-a");
        NewJob theirs = TestDatabase.spliceJob(otherTenant).withIdempotencyKey("shared-key", "hash-b");

        Job myJob = TestDatabase.submitted(submissions, mine);
        Job theirJob = TestDatabase.submitted(submissions, theirs);

        assertEquals(myJob.id(), submissions.findByIdempotencyKey(tenant, "shared-key").orElseThrow().id());
        assertEquals(theirJob.id(), submissions.findByIdempotencyKey(otherTenant, "shared-key").orElseThrow().id());
    }

    @Test
    void jobsWithoutIdempotencyKeyNeverCollide() {
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertEquals(2, queries.list(tenant, JobFilter.all(), java.util.Optional.empty(), 10).jobs().size());
    }

    @Test
    void concurrentSubmissionsWithOneKeyCreateExactlyOneJob() throws Exception {
        int threads = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Submission>> racers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            NewJob job = TestDatabase.spliceJob(tenant).withIdempotencyKey("racy-key", "hash-a");
            racers.add(() -> {
                go.await();
                return submissions.submit(job, TestDatabase.announcement(job));
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Submission>> futures = new ArrayList<>();
            racers.forEach(submission -> futures.add(pool.submit(submission)));
            go.countDown();
            List<Submission> results = new ArrayList<>();
            for (Future<Submission> future : futures) {
                results.add(future.get());
            }

            List<Submission> created = results.stream().filter(r -> r instanceof Submission.Created).toList();
            assertEquals(1, created.size());
            UUID winner = created.get(0).job().id();
            assertTrue(results.stream().allMatch(r -> r.job().id().equals(winner)));
            assertTrue(results.stream().filter(r -> r != created.get(0))
                    .allMatch(r -> r instanceof Submission.Replayed));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnJobs() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        String otherTenant = TestDatabase.freshTenant(database);

        assertEquals(job, queries.get(tenant, job.id()).orElseThrow());
        assertTrue(queries.get(otherTenant, job.id()).isEmpty());
        assertTrue(queries.get(tenant, UUID.randomUUID()).isEmpty());
    }

    @Test
    void anIdempotencyKeyWithoutRequestHashIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NewJob(UUID.randomUUID(), tenant, Method.CLVAE, "{}",
                Map.of(), 0, java.util.Optional.empty(), java.util.Optional.of("key"), java.util.Optional.empty()));
    }

    private int outboxRowsFor(UUID jobId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM outbox WHERE key = ?")) {
            statement.setString(1, jobId.toString());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    @Test
    void theOriginalHashOfEachInputIsStoredWithTheJobAndReadBack() {
        Map<String, String> originals = Map.of(
                "structure", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "appearance", "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752");
        NewJob job = TestDatabase.spliceJob(tenant).withOriginalSha256(originals);

        Job stored = TestDatabase.submitted(submissions, job);

        assertEquals(originals, stored.originalSha256());
        assertEquals(originals, queries.get(job.id()).orElseThrow().originalSha256());
    }

    @Test
    void aJobSubmittedWithoutOriginalHashesHasNone() {
        Job stored = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertEquals(Map.of(), stored.originalSha256());
    }
}
