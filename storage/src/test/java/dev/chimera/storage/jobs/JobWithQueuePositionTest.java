package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading a tenant's job together with its queue position in one statement, as a status poll does. */
class JobWithQueuePositionTest {

    private final JobDatabase database = TestDatabase.shared();
    private final JobStore store = new JobStore(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void aQueuedJobComesWithTheSamePositionAsTheSeparateCount() {
        Job first = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job urgent = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant).withPriority(100));

        for (Job job : new Job[] {first, second, urgent}) {
            JobStore.JobWithQueuePosition read = store.getWithQueuePosition(tenant, job.id()).orElseThrow();
            assertEquals(store.get(job.id()).orElseThrow(), read.job());
            assertEquals(Optional.of(store.queuePosition(read.job())), read.queuePosition());
        }
        long firstPosition = store.getWithQueuePosition(tenant, first.id()).orElseThrow().queuePosition().orElseThrow();
        assertEquals(Optional.of(firstPosition + 1),
                store.getWithQueuePosition(tenant, second.id()).orElseThrow().queuePosition());
    }

    @Test
    void aJobThatLeftTheQueueHasNoPositionAndTheJobsBehindItMoveUp() {
        Job first = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        Job second = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        long before = store.getWithQueuePosition(tenant, second.id()).orElseThrow().queuePosition().orElseThrow();

        store.claim(first.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();

        JobStore.JobWithQueuePosition running = store.getWithQueuePosition(tenant, first.id()).orElseThrow();
        assertEquals(JobStatus.RUNNING, running.job().status());
        assertEquals(Optional.empty(), running.queuePosition());
        assertEquals(Optional.of(before - 1),
                store.getWithQueuePosition(tenant, second.id()).orElseThrow().queuePosition());
    }

    @Test
    void anotherTenantsJobAndAnUnknownJobAreNotFound() {
        Job job = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        String otherTenant = TestDatabase.freshTenant(database);

        assertTrue(store.getWithQueuePosition(otherTenant, job.id()).isEmpty());
        assertTrue(store.getWithQueuePosition(tenant, UUID.randomUUID()).isEmpty());
    }

    @Test
    void refusesAPositionForAJobThatIsNotQueued() {
        Job job = TestDatabase.submitted(store, TestDatabase.spliceJob(tenant));
        store.transition(Transition.cancel(job.id(), 1, JobStatus.QUEUED));
        Job canceled = store.get(job.id()).orElseThrow();

        assertThrows(IllegalArgumentException.class,
                () -> new JobStore.JobWithQueuePosition(canceled, Optional.of(0L)));
        assertThrows(IllegalArgumentException.class,
                () -> new JobStore.JobWithQueuePosition(job, Optional.empty()));
    }
}
