package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.QueueOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Queue positions counted in a queue read at most {@code chimera.queue-position-max-age} ago. Counting the jobs
 * ahead for every submit and poll costs PostgreSQL time in proportion to the queue's length; reading the whole queue
 * once and reusing it costs one index-only scan per period, whatever the request rate. A position may therefore lag
 * by that period. Reads are also spaced by twenty times their own duration, so that a huge queue costs PostgreSQL at
 * most a twentieth of one core. While one request reads the queue, the others use the previous one. Zero reads the
 * queue for every request, so positions are exact.
 */
@ApplicationScoped
public class QueuePositions {

    private static final int READ_SPACING_FACTOR = 20;

    private record Read(QueueOrder queue, long nextReadNanos) {
    }

    private final Supplier<QueueOrder> readQueue;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Read last;

    @Inject
    public QueuePositions(JobQueries jobs, GatewayConfig config) {
        this(jobs::queueOrder, config.queuePositionMaxAge(), System::nanoTime);
    }

    QueuePositions(Supplier<QueueOrder> readQueue, Duration maxAge, LongSupplier nanoClock) {
        this.readQueue = readQueue;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The job's queue position; null unless the job (as given) is queued. */
    public Long of(Job job) {
        return queue().positionOf(job).orElse(null);
    }

    /** The queue positions of a page's queued jobs, by id, from one queue. */
    public Map<UUID, Long> of(List<Job> page) {
        QueueOrder queue = queue();
        Map<UUID, Long> positions = new LinkedHashMap<>();
        page.forEach(job -> queue.positionOf(job).ifPresent(position -> positions.put(job.id(), position)));
        return positions;
    }

    private QueueOrder queue() {
        Read current = last;
        if (current != null && nanoClock.getAsLong() - current.nextReadNanos() < 0) {
            return current.queue();
        }
        if (current == null || maxAgeNanos == 0) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return current.queue();
        }
        try {
            current = last;
            long now = nanoClock.getAsLong();
            if (current != null && now - current.nextReadNanos() < 0) {
                return current.queue();
            }
            QueueOrder queue = readQueue.get();
            long readTook = nanoClock.getAsLong() - now;
            long reuseFor = maxAgeNanos == 0 ? 0 : Math.max(maxAgeNanos, READ_SPACING_FACTOR * readTook);
            last = new Read(queue, now + reuseFor);
            return queue;
        } finally {
            reading.unlock();
        }
    }
}
