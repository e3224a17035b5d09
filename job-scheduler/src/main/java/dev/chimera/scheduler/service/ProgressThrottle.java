package dev.chimera.scheduler.service;

import dev.chimera.contract.messages.WorkerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lets at most one progress write per job through per interval and keeps the newest held-back progress, so that
 * it can still be written when the interval is over or just before the job's next non-progress event.
 */
public final class ProgressThrottle {

    // A job with nothing pending that has not reported for this long is forgotten (its worker is likely gone).
    private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private final Duration interval;
    private final Map<UUID, Slot> slots = new HashMap<>();

    private static final class Slot {
        Instant lastWrite;
        WorkerEvent.ProgressReport pending;
    }

    /** A throttle allowing one write per job per {@code interval}. */
    public ProgressThrottle(Duration interval) {
        this.interval = interval;
    }

    /** The event if it may be written now; otherwise it is held as the job's pending progress. */
    public synchronized Optional<WorkerEvent.ProgressReport> offer(WorkerEvent.ProgressReport progress, Instant now) {
        Slot slot = slots.computeIfAbsent(progress.jobId(), id -> new Slot());
        if (slot.lastWrite == null || !now.isBefore(slot.lastWrite.plus(interval))) {
            slot.lastWrite = now;
            slot.pending = null;
            return Optional.of(progress);
        }
        slot.pending = keepPreview(progress, slot.pending);
        return Optional.empty();
    }

    // A held-back report that named a new preview image must not lose it to a newer report without one.
    private static WorkerEvent.ProgressReport keepPreview(WorkerEvent.ProgressReport newer,
            WorkerEvent.ProgressReport older) {
        if (newer.previewKey() != null || older == null || older.previewKey() == null) {
            return newer;
        }
        return newer.withPreviewKey(older.previewKey());
    }

    /** Removes the job and returns its held-back progress, to be written before an event that ends the attempt. */
    public synchronized Optional<WorkerEvent.ProgressReport> takePendingAndForget(UUID jobId) {
        Slot slot = slots.remove(jobId);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.pending);
    }

    /** Takes the held-back progress of every job whose interval is over; each counts as written now. */
    public synchronized List<WorkerEvent.ProgressReport> takeDue(Instant now) {
        List<WorkerEvent.ProgressReport> due = new ArrayList<>();
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (slot.pending != null && !now.isBefore(slot.lastWrite.plus(interval))) {
                due.add(slot.pending);
                slot.pending = null;
                slot.lastWrite = now;
            } else if (slot.pending == null && now.isAfter(slot.lastWrite.plus(FORGET_AFTER))) {
                it.remove();
            }
        }
        return due;
    }
}
