package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobLeaseTest {

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration SHORT = Duration.ofMillis(300);

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void aClaimedLeaseKeepsOtherWorkersOut() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        Lease lease = attempts.claim(job.id(), 1, "worker-a", LONG).orElseThrow();

        assertEquals("worker-a", lease.owner());
        assertTrue(lease.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(4))));
        assertTrue(attempts.claim(job.id(), 1, "worker-b", LONG).isEmpty());
        assertEquals(Optional.of("worker-a"), queries.get(job.id()).orElseThrow().leaseOwner());
        assertEquals(JobStatus.RUNNING, queries.timeline(job.id()).get(1).status());
    }

    @Test
    void aLapsedLeaseIsRevivedByItsOwnerWhileTheJobIsStillItsAttempt() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Instant expiry = attempts.claim(job.id(), 1, "worker-a", SHORT).orElseThrow().expiresAt();

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusMillis(1)));

        assertTrue(attempts.renewLease(job.id(), 1, "worker-b", LONG).isEmpty(), "only the owner renews");
        Lease revived = attempts.renewLease(job.id(), 1, "worker-a", LONG).orElseThrow();
        assertTrue(revived.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(4))));
    }

    @Test
    void aLapsedLeaseIsGoneOnceTheWatchdogMovedTheJob() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Instant expiry = attempts.claim(job.id(), 1, "worker-a", SHORT).orElseThrow().expiresAt();
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusMillis(1)));

        assertTrue(transitions.transition(Transition.redispatch(job.id(), 1)).applied());

        assertTrue(attempts.renewLease(job.id(), 1, "worker-a", LONG).isEmpty());
    }

    @Test
    void aStaleAttemptCannotClaimTheLease() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.start(job.id(), 1));
        transitions.transition(Transition.redispatch(job.id(), 1));

        assertTrue(attempts.claim(job.id(), 1, "worker-a", LONG).isEmpty());
        assertTrue(attempts.claim(job.id(), 2, "worker-a", LONG).isPresent());
    }

    @Test
    void anEndedJobCannotBeLeased() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.cancel(job.id(), 1, JobStatus.QUEUED));

        assertTrue(attempts.claim(job.id(), 1, "worker-a", LONG).isEmpty());
    }

    @Test
    void onlyTheOwnerRenewsALiveLease() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Lease first = attempts.claim(job.id(), 1, "worker-a", Duration.ofSeconds(30)).orElseThrow();

        Lease renewed = attempts.renewLease(job.id(), 1, "worker-a", LONG).orElseThrow();

        assertTrue(renewed.expiresAt().isAfter(first.expiresAt()));
        assertTrue(attempts.renewLease(job.id(), 1, "worker-b", LONG).isEmpty());
        assertTrue(attempts.renewLease(job.id(), 2, "worker-a", LONG).isEmpty());
    }

    @Test
    void progressIsRecordedForTheRunningAttemptOnly() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        assertFalse(attempts.updateProgress(job.id(), 1, Progress.ofSteps("train", 1, 10)));
        transitions.transition(Transition.start(job.id(), 1));

        assertTrue(attempts.updateProgress(job.id(), 1, Progress.ofSteps("train", 2500, 10000)));
        assertFalse(attempts.updateProgress(job.id(), 2, Progress.ofSteps("train", 2600, 10000)));

        Job stored = queries.get(job.id()).orElseThrow();
        assertEquals(0.25, stored.progress());
        assertEquals(Optional.of("train"), stored.stage());
        assertEquals(Optional.of(2500), stored.step());
        assertEquals(Optional.of(10000), stored.totalSteps());
        transitions.transition(Transition.succeed(job.id(), 1, Map.of()));
        assertFalse(attempts.updateProgress(job.id(), 1, Progress.ofSteps("train", 2700, 10000)));
    }

    @Test
    void progressOutsideZeroToOneIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Progress.of(1.5, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> Progress.of(Double.NaN, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void trainingDetailsAreStoredAndAReportWithoutPreviewKeepsTheNewestPreview() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.start(job.id(), 1));
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("loss_global_cls", 0.25);
        losses.put("loss", 2.5);

        assertTrue(attempts.updateProgress(job.id(), 1, new Progress(0.1, Optional.of("training"), Optional.of(10),
                Optional.of(100), Optional.of("jobs/j/previews/step-10.png"), Optional.of(4.0), Optional.of(22.5),
                losses)));
        assertTrue(attempts.updateProgress(job.id(), 1, new Progress(0.11, Optional.of("training"), Optional.of(11),
                Optional.of(100), Optional.empty(), Optional.of(5.0), Optional.of(17.8), Map.of("loss", 2.0))));

        Job stored = queries.get(job.id()).orElseThrow();
        assertEquals(Optional.of("jobs/j/previews/step-10.png"), stored.previewKey());
        assertEquals(Optional.of(5.0), stored.stepsPerSecond());
        assertEquals(Optional.of(17.8), stored.etaSeconds());
        assertEquals(Map.of("loss", 2.0), stored.losses());
    }

    @Test
    void aJobWithoutTrainingReportsHasNoTrainingDetails() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.start(job.id(), 1));
        attempts.updateProgress(job.id(), 1, Progress.ofSteps("morphing", 1, 4));

        Job stored = queries.get(job.id()).orElseThrow();
        assertEquals(Optional.empty(), stored.previewKey());
        assertEquals(Optional.empty(), stored.stepsPerSecond());
        assertEquals(Optional.empty(), stored.etaSeconds());
        assertEquals(Map.of(), stored.losses());
        assertEquals(Optional.empty(), stored.device());
    }

    @Test
    void theDeviceIsRecordedForTheRunningAttemptOnly() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        assertFalse(attempts.recordDevice(job.id(), 1, "cpu"));
        attempts.claim(job.id(), 1, "worker-a", LONG).orElseThrow();

        assertFalse(attempts.recordDevice(job.id(), 2, "gpu(1)"));
        assertTrue(attempts.recordDevice(job.id(), 1, "gpu(0)"));

        assertEquals(Optional.of("gpu(0)"), queries.get(job.id()).orElseThrow().device());
    }
}
