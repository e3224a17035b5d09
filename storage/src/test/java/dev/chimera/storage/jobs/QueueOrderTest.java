package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Queue positions as the store reads the queue: higher priority first, then older first (one tenant's jobs). Other tests share the
 * database, so positions are compared with each other, never taken as absolute numbers.
 */
@Tag("integration")
class QueueOrderTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void aJobWaitsBehindOlderJobsOfItsPriorityAndEveryJobOfAHigherOne() {
        new TenantStore(database).setLimits(new TenantLimits(tenant, Optional.empty(), 100));
        Job first = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Job urgent = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant).withPriority(100));

        QueueOrder queue = queries.queueOrder();

        long firstPosition = queue.positionOf(first).orElseThrow();
        assertTrue(queue.positionOf(second).orElseThrow() > firstPosition, "the second runs after the first");
        assertTrue(queue.positionOf(urgent).orElseThrow() < firstPosition, "the urgent job runs before the first");
    }

    @Test
    void aJobThatLeftTheQueueHasNoPositionAndTheJobsBehindItMoveUp() {
        Job first = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        long before = queries.queueOrder().positionOf(second).orElseThrow();

        attempts.claim(first.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        QueueOrder after = queries.queueOrder();
        assertEquals(Optional.empty(), after.positionOf(queries.get(first.id()).orElseThrow()));
        assertEquals(Optional.of(before - 1), after.positionOf(second));
    }

    @Test
    void aJobSubmittedAfterTheQueueWasReadGetsItsPlaceBehindTheJobsThatWereThere() {
        Job earlier = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        QueueOrder read = queries.queueOrder();

        Job later = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertTrue(read.positionOf(later).orElseThrow() > read.positionOf(earlier).orElseThrow());
        assertEquals(Optional.of((long) read.waiting(later.kind()).size()), read.positionOf(later));
    }

    @Test
    void aCanceledJobHasNoPosition() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.cancel(job.id(), 1, JobStatus.QUEUED));

        assertEquals(Optional.empty(), queries.queueOrder().positionOf(queries.get(job.id()).orElseThrow()));
    }
}
