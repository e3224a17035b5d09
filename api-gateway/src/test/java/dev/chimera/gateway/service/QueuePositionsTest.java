package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.QueueOrder;
import dev.chimera.storage.jobs.QueueOrder.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How long the gateway counts queue positions in a queue it has read, and when it reads the queue again. */
class QueuePositionsTest {

    private static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Job> queued = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Supplier<QueueOrder> store = () -> {
        reads.incrementAndGet();
        return QueueOrder.of(queued.stream()
                .map(job -> new QueuedJob(job.kind(), job.tenantId(), job.priority(), job.createdAt(), job.id(), false))
                .toList(), Map.of());
    };

    @Test
    void positionsComeFromOneReadOfTheQueueUntilItIsMaxAgeOld() {
        QueuePositions positions = new QueuePositions(store, MAX_AGE, nanos::get);
        Job first = enqueue(0);
        Job second = enqueue(1);

        assertEquals(0L, positions.of(first));
        assertEquals(1L, positions.of(second));
        assertEquals(1, reads.get());

        queued.remove(first);
        nanos.addAndGet(MAX_AGE.toNanos() - 1);
        assertEquals(1L, positions.of(second), "within max age the first job still counts");
        nanos.addAndGet(1);
        assertEquals(0L, positions.of(second), "after max age the queue is read again");
        assertEquals(2, reads.get());
    }

    @Test
    void aJobSubmittedSinceTheReadQueuesBehindTheJobsThatWereThere() {
        QueuePositions positions = new QueuePositions(store, MAX_AGE, nanos::get);
        enqueue(0);
        enqueue(1);
        positions.of(queued.get(0));

        Job newcomer = enqueue(2);

        assertEquals(2L, positions.of(newcomer));
        assertEquals(1, reads.get());
    }

    @Test
    void aPageGetsThePositionsOfItsQueuedJobsOnly() {
        QueuePositions positions = new QueuePositions(store, MAX_AGE, nanos::get);
        Job first = enqueue(0);
        Job second = enqueue(1);
        Job running = job(UUID.randomUUID(), START, JobStatus.RUNNING);

        assertEquals(Map.of(first.id(), 0L, second.id(), 1L), positions.of(List.of(first, running, second)));
        assertNull(positions.of(running));
    }

    @Test
    void aSlowReadIsNotRepeatedSoonerThanTwentyTimesItsDuration() {
        Duration slowRead = Duration.ofMillis(200);
        Supplier<QueueOrder> slowStore = () -> {
            nanos.addAndGet(slowRead.toNanos());
            return store.get();
        };
        QueuePositions positions = new QueuePositions(slowStore, MAX_AGE, nanos::get);
        Job job = enqueue(0);

        positions.of(job);
        nanos.addAndGet(20 * slowRead.toNanos() - slowRead.toNanos() - 1);
        positions.of(job);
        assertEquals(1, reads.get());
        nanos.addAndGet(1);
        positions.of(job);
        assertEquals(2, reads.get());
    }

    @Test
    void aMaxAgeOfZeroReadsTheQueueForEveryRequest() {
        QueuePositions positions = new QueuePositions(store, Duration.ZERO, nanos::get);
        Job first = enqueue(0);
        Job second = enqueue(1);

        assertEquals(1L, positions.of(second));
        queued.remove(first);
        assertEquals(0L, positions.of(second));
        assertEquals(2, reads.get());
    }

    private Job enqueue(int secondsAfterStart) {
        Job job = job(UUID.randomUUID(), START.plusSeconds(secondsAfterStart), JobStatus.QUEUED);
        queued.add(job);
        return job;
    }

    private static Job job(UUID id, Instant createdAt, JobStatus status) {
        return new Job(id, "tenant", JobKind.MORPHING, Method.CROSSBREED, "{}", Map.of(), Map.of(), status, 0.0,
                Optional.empty(), Optional.empty(), Optional.empty(), 1, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), createdAt,
                Optional.empty(), Optional.empty(), createdAt, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }
}
