package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The queued jobs of every kind in the order they run, as read at one moment: higher priority first, then older
 * first, then by id (so the order is total). A job's queue position is the number of queued jobs of its kind ahead of
 * it, found by binary search, so it costs the same for a queue of ten jobs or of a hundred thousand.
 */
public final class QueueOrder {

    /** The columns of a queued job that decide its place. */
    public record QueuedJob(JobKind kind, int priority, Instant createdAt, UUID id) {
    }

    // PostgreSQL orders timestamps by microsecond and uuids as unsigned bytes: the same order as the queue index.
    private static final Comparator<QueuedJob> RUN_ORDER = Comparator
            .comparingInt((QueuedJob job) -> -job.priority())
            .thenComparingLong(job -> micros(job.createdAt()))
            .thenComparing(QueuedJob::id, QueueOrder::compareUnsigned);

    private static final QueueOrder EMPTY = new QueueOrder(new EnumMap<>(JobKind.class));

    private final Map<JobKind, QueuedJob[]> byKind;

    private QueueOrder(Map<JobKind, QueuedJob[]> byKind) {
        this.byKind = byKind;
    }

    /** The queue holding exactly these jobs, in any order. */
    public static QueueOrder of(List<QueuedJob> queued) {
        if (queued.isEmpty()) {
            return EMPTY;
        }
        Map<JobKind, List<QueuedJob>> grouped = new EnumMap<>(JobKind.class);
        for (QueuedJob job : queued) {
            grouped.computeIfAbsent(job.kind(), kind -> new ArrayList<>()).add(job);
        }
        Map<JobKind, QueuedJob[]> byKind = new EnumMap<>(JobKind.class);
        grouped.forEach((kind, jobs) -> {
            QueuedJob[] sorted = jobs.toArray(QueuedJob[]::new);
            Arrays.sort(sorted, RUN_ORDER);
            byKind.put(kind, sorted);
        });
        return new QueueOrder(byKind);
    }

    /**
     * How many jobs of this job's kind in this queue run before it; empty unless the job is queued. A job that joined
     * the queue after it was read still gets its place among the jobs that were there.
     */
    public Optional<Long> positionOf(Job job) {
        if (job.status() != JobStatus.QUEUED) {
            return Optional.empty();
        }
        QueuedJob[] queue = byKind.get(job.kind());
        if (queue == null) {
            return Optional.of(0L);
        }
        QueuedJob key = new QueuedJob(job.kind(), job.priority(), job.createdAt(), job.id());
        int low = 0;
        int high = queue.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (RUN_ORDER.compare(queue[middle], key) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return Optional.of((long) low);
    }

    /** How many jobs of all kinds were queued. */
    public int size() {
        return byKind.values().stream().mapToInt(queue -> queue.length).sum();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
