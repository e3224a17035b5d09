package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The queued jobs of every kind in the order admission takes them, as read at one moment: higher priority first
 * (a job's priority bounded by its tenant's ceiling); among equal priorities the tenants take turns, a tenant's turn
 * counting the slots it already holds, so a tenant with jobs running waits behind one without; then older first, then
 * by id (so the order is total). A job's queue position is the number of jobs of its kind that admission takes before
 * it; an admitted job that no worker took yet is at position 0.
 */
public final class QueueOrder {

    /**
     * The columns of a queued job that decide its place.
     *
     * @param priority the job's priority bounded by its tenant's ceiling
     * @param dispatched whether the scheduler admitted the job and sent its work order
     */
    public record QueuedJob(JobKind kind, String tenantId, int priority, Instant createdAt, UUID id,
                            boolean dispatched) {
    }

    /** The slots one tenant holds in one kind: jobs admitted or running. */
    public record Slots(JobKind kind, String tenantId) {
    }

    private record Ranked(QueuedJob job, long turn) {
    }

    // PostgreSQL orders timestamps by microsecond and uuids as unsigned bytes: the same order as the queue index.
    private static final Comparator<QueuedJob> TENANT_ORDER = Comparator
            .comparingInt((QueuedJob job) -> -job.priority())
            .thenComparingLong(job -> micros(job.createdAt()))
            .thenComparing(QueuedJob::id, QueueOrder::compareUnsigned);

    private static final Comparator<Ranked> RUN_ORDER = Comparator
            .comparingInt((Ranked ranked) -> -ranked.job().priority())
            .thenComparingLong(Ranked::turn)
            .thenComparingLong(ranked -> micros(ranked.job().createdAt()))
            .thenComparing(ranked -> ranked.job().id(), QueueOrder::compareUnsigned);

    private final Map<JobKind, List<QueuedJob>> waitingByKind;
    private final Map<UUID, Long> positions;
    private final Map<Slots, Integer> held;
    private final Map<JobKind, Integer> inFlight;

    private QueueOrder(Map<JobKind, List<QueuedJob>> waitingByKind, Map<UUID, Long> positions,
            Map<Slots, Integer> held, Map<JobKind, Integer> inFlight) {
        this.waitingByKind = waitingByKind;
        this.positions = positions;
        this.held = held;
        this.inFlight = inFlight;
    }

    /** The queue holding exactly these jobs, in any order, with the slots each tenant holds per kind. */
    public static QueueOrder of(List<QueuedJob> queued, Map<Slots, Integer> held) {
        Map<JobKind, Map<String, List<QueuedJob>>> waiting = new EnumMap<>(JobKind.class);
        Map<JobKind, Integer> inFlight = new EnumMap<>(JobKind.class);
        for (QueuedJob job : queued) {
            if (job.dispatched()) {
                inFlight.merge(job.kind(), 1, Integer::sum);
            } else {
                waiting.computeIfAbsent(job.kind(), kind -> new HashMap<>())
                        .computeIfAbsent(job.tenantId(), tenant -> new ArrayList<>()).add(job);
            }
        }
        Map<JobKind, List<QueuedJob>> waitingByKind = new EnumMap<>(JobKind.class);
        Map<UUID, Long> positions = new HashMap<>();
        waiting.forEach((kind, byTenant) -> {
            List<Ranked> ranked = new ArrayList<>();
            byTenant.forEach((tenant, jobs) -> rankTenant(jobs, held.getOrDefault(new Slots(kind, tenant), 0), ranked));
            ranked.sort(RUN_ORDER);
            List<QueuedJob> ordered = new ArrayList<>(ranked.size());
            for (Ranked entry : ranked) {
                positions.put(entry.job().id(), (long) ordered.size());
                ordered.add(entry.job());
            }
            waitingByKind.put(kind, List.copyOf(ordered));
        });
        return new QueueOrder(waitingByKind, positions, Map.copyOf(held), inFlight);
    }

    // A tenant's n-th waiting job of a priority takes the turn after the n - 1 before it and the slots it holds.
    private static void rankTenant(List<QueuedJob> jobs, int heldSlots, List<Ranked> into) {
        jobs.sort(TENANT_ORDER);
        int previousPriority = 0;
        long turn = 0;
        for (int i = 0; i < jobs.size(); i++) {
            QueuedJob job = jobs.get(i);
            if (i == 0 || job.priority() != previousPriority) {
                turn = heldSlots;
                previousPriority = job.priority();
            }
            into.add(new Ranked(job, turn++));
        }
    }

    /**
     * How many jobs of this job's kind admission takes before it; empty unless the job is queued. An admitted job is
     * at 0; a job that joined the queue after it was read is placed behind every job that was waiting.
     */
    public Optional<Long> positionOf(Job job) {
        if (job.status() != JobStatus.QUEUED) {
            return Optional.empty();
        }
        return Optional.of(positionOf(job.id(), job.kind(), job.dispatchedAt().isPresent()));
    }

    long positionOf(UUID jobId, JobKind kind, boolean dispatched) {
        if (dispatched) {
            return 0;
        }
        Long position = positions.get(jobId);
        return position != null ? position : waiting(kind).size();
    }

    /** The jobs of a kind waiting for admission, in the order admission takes them. */
    public List<QueuedJob> waiting(JobKind kind) {
        return waitingByKind.getOrDefault(kind, List.of());
    }

    /** The slots a tenant holds in a kind: its jobs admitted or running. */
    public int held(JobKind kind, String tenantId) {
        return held.getOrDefault(new Slots(kind, tenantId), 0);
    }

    /** The admitted jobs of a kind that no worker has started yet: work orders on their way or in Kafka. */
    public int inFlight(JobKind kind) {
        return inFlight.getOrDefault(kind, 0);
    }

    /** The jobs of a kind that a worker runs: the slots held in the kind that are not orders in flight. */
    public int running(JobKind kind) {
        int heldInKind = held.entrySet().stream().filter(entry -> entry.getKey().kind() == kind)
                .mapToInt(Map.Entry::getValue).sum();
        return Math.max(0, heldInKind - inFlight(kind));
    }

    /** How many jobs of all kinds were waiting for admission. */
    public int size() {
        return positions.size();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
