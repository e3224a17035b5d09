package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Queue positions as the store reads the queue: higher priority first, then older first. Other tests share the
 * database, so positions are compared with each other, never taken as absolute numbers.
 */
@Tag("integration")
class QueueOrderTest {

    private final JobDatabase database = TestDatabase.shared();
    private final JobStore store = new JobStore(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void aJobWaitsBehindOlderJobsOfItsPriorityAndEveryJobOfAHigherOne() {
        Job first = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job urgent = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant).withPriority(100));

        QueueOrder queue = store.queueOrder();

        long firstPosition = queue.positionOf(first).orElseThrow();
        assertEquals(Optional.of(firstPosition + 1), queue.positionOf(second));
        assertTrue(queue.positionOf(urgent).orElseThrow() < firstPosition, "the urgent job runs before the first");
    }

    @Test
    void aJobThatLeftTheQueueHasNoPositionAndTheJobsBehindItMoveUp() {
        Job first = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        long before = store.queueOrder().positionOf(second).orElseThrow();

        store.claim(first.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        QueueOrder after = store.queueOrder();
        assertEquals(Optional.empty(), after.positionOf(store.get(first.id()).orElseThrow()));
        assertEquals(Optional.of(before - 1), after.positionOf(second));
    }

    @Test
    void aJobSubmittedAfterTheQueueWasReadGetsItsPlaceBehindTheJobsThatWereThere() {
        Job earlier = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        QueueOrder read = store.queueOrder();

        Job later = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));

        assertEquals(Optional.of(read.positionOf(earlier).orElseThrow() + 1), read.positionOf(later));
    }

    @Test
    void aCanceledJobHasNoPosition() {
        Job job = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        store.transition(Transition.cancel(job.id(), 1, JobStatus.QUEUED));

        assertEquals(Optional.empty(), store.queueOrder().positionOf(store.get(job.id()).orElseThrow()));
    }
}
