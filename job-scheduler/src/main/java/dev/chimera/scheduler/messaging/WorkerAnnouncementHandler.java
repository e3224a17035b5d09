package dev.chimera.scheduler.messaging;

import dev.chimera.contract.messages.WorkerAnnouncement;
import dev.chimera.storage.jobs.WorkerMethods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Reads {@code chimera.workers.methods} and records each worker's newest announcement in PostgreSQL, where the gateway
 * looks up which methods are served. Recording is an upsert that only a newer announcement wins, so redelivered and
 * reordered records are harmless; nothing is sent, and the offset is committed once the write is done. Once an hour
 * it forgets workers whose last announcement expired a day ago (pods come and go with new names).
 */
public final class WorkerAnnouncementHandler implements RecordHandler {

    private static final Logger LOG = Logger.getLogger(WorkerAnnouncementHandler.class);
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final WorkerMethods workerMethods;
    private final Runnable wakeDispatcher;
    private final Clock clock;
    private Instant nextForget;

    /**
     * A handler recording into {@code workerMethods} and waking the dispatcher for a recorded announcement (a live
     * worker is dispatch budget); {@code clock} paces the forgetting of gone workers.
     */
    public WorkerAnnouncementHandler(WorkerMethods workerMethods, Runnable wakeDispatcher, Clock clock) {
        this.workerMethods = workerMethods;
        this.wakeDispatcher = wakeDispatcher;
        this.clock = clock;
        this.nextForget = clock.instant();
    }

    @Override
    public List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException {
        WorkerAnnouncement announcement = MessageReader.readFromWorker(key, value, WorkerAnnouncement.class,
                WorkerAnnouncement::workerId);
        boolean recorded = workerMethods.record(announcement);
        if (recorded) {
            wakeDispatcher.run();
        }
        if (recorded && announcement.methods().isEmpty()) {
            LOG.infof("worker withdrew worker=%s at=%s", announcement.workerId(), announcement.announcedAt());
        } else {
            LOG.debugf("worker announced worker=%s methods=%s until=%s recorded=%s", announcement.workerId(),
                    announcement.methods(), announcement.expiresAt(), recorded);
        }
        return List.of();
    }

    @Override
    public void afterPoll() {
        Instant now = clock.instant();
        if (now.isBefore(nextForget)) {
            return;
        }
        nextForget = now.plus(FORGET_EVERY);
        int forgotten = workerMethods.forgetExpiredBefore(now.minus(FORGET_AFTER));
        if (forgotten > 0) {
            LOG.infof("gone workers forgotten count=%d", forgotten);
        }
    }
}
