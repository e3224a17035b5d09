package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Claiming a queued job, and transitions that publish their consequences through the outbox. */
@Tag("integration")
class JobDispatchTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final Outbox outbox = new Outbox(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @BeforeEach
    void drainTheOutbox() {
        drainOutbox();
    }

    @Test
    void claimingAQueuedJobStartsItWithALease() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        Lease lease = attempts.claim(job.id(), 1, "worker-a", TTL).orElseThrow();

        Job running = queries.get(job.id()).orElseThrow();
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(Optional.of("worker-a"), running.leaseOwner());
        assertEquals(Optional.of(lease.expiresAt()), running.leaseExpiresAt());
        assertTrue(running.startedAt().isPresent());
        JobEvent last = queries.timeline(job.id()).get(queries.timeline(job.id()).size() - 1);
        assertEquals(JobStatus.RUNNING, last.status());
    }

    @Test
    void onlyOneOfManyConcurrentClaimantsWins() throws Exception {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Lease>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "worker-" + i;
                claims.add(() -> attempts.claim(job.id(), 1, owner, TTL));
            }
            long winners = 0;
            for (Future<Optional<Lease>> claim : pool.invokeAll(claims)) {
                winners += claim.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJobThatIsNotQueuedAtThatAttemptCannotBeClaimed() {
        Job canceled = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.cancel(canceled.id(), 1, JobStatus.QUEUED));
        Job redispatched = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        attempts.claim(redispatched.id(), 1, "worker-a", TTL).orElseThrow();
        transitions.transition(Transition.redispatch(redispatched.id(), 1));

        assertTrue(attempts.claim(canceled.id(), 1, "worker-b", TTL).isEmpty());
        assertTrue(attempts.claim(redispatched.id(), 1, "worker-b", TTL).isEmpty());
        assertTrue(attempts.claim(redispatched.id(), 2, "worker-b", TTL).isPresent());
    }

    @Test
    void anAppliedTransitionPublishesItsConsequencesInTheSameTransaction() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        attempts.claim(job.id(), 1, "worker-a", TTL).orElseThrow();
        OutboxMessage workOrder = new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "{\"attempt\":2}");

        assertTrue(transitions.transition(Transition.redispatch(job.id(), 1), List.of(workOrder)).applied());

        assertEquals(List.of("{\"attempt\": 2}"), relayedPayloadsOf(job));
    }

    @Test
    void aRefusedTransitionPublishesNothing() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        OutboxMessage workOrder = new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "{\"attempt\":2}");

        assertFalse(transitions.transition(Transition.redispatch(job.id(), 1), List.of(workOrder)).applied());

        assertEquals(List.of(), relayedPayloadsOf(job));
    }

    @Test
    void aMessageHeldBackIsNotRelayedBeforeItsTime() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        attempts.claim(job.id(), 1, "worker-a", TTL).orElseThrow();
        Instant notBefore = Instant.now().plusMillis(1500);
        OutboxMessage retry = new OutboxMessage(TestDatabase.TEST_TOPIC, job.id().toString(), "{\"attempt\":2}")
                .withNotBefore(notBefore);
        transitions.transition(Transition.redispatch(job.id(), 1), List.of(retry));

        assertEquals(List.of(), relayedPayloadsOf(job));
        List<String> later = await().atMost(Duration.ofSeconds(10))
                .until(() -> relayedPayloadsOf(job), payloads -> !payloads.isEmpty());
        assertEquals(List.of("{\"attempt\": 2}"), later);
        assertFalse(Instant.now().isBefore(notBefore));
    }

    /** Relays everything due and returns the payloads of this job's messages other than its announcement. */
    private List<String> relayedPayloadsOf(Job job) {
        List<String> payloads = new ArrayList<>();
        while (outbox.relay(100, batch -> batch.stream()
                .filter(r -> r.key().equals(job.id().toString()) && r.payloadJson().contains("attempt"))
                .forEach(r -> payloads.add(r.payloadJson()))) > 0) {
            // keep relaying until nothing due is left
        }
        return payloads;
    }

    private void drainOutbox() {
        while (outbox.relay(1000, batch -> { }) > 0) {
            // discard what earlier tests left unsent
        }
    }
}
