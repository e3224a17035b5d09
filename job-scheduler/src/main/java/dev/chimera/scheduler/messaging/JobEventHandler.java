package dev.chimera.scheduler.messaging;

import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.scheduler.service.JobEventApplier;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@code chimera.jobs.events}. Applying an event is a database write (consequences to publish go through
 * the outbox), so nothing is sent here and the offset is committed once the write is done. An attempt that started,
 * ended or was released may have freed a dispatch budget or a tenant's slot, so it wakes the dispatcher.
 */
public final class JobEventHandler implements RecordHandler {

    private final JobEventApplier applier;
    private final Runnable wakeDispatcher;

    /** A handler applying events with {@code applier}. */
    public JobEventHandler(JobEventApplier applier, Runnable wakeDispatcher) {
        this.applier = applier;
        this.wakeDispatcher = wakeDispatcher;
    }

    @Override
    public List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException {
        WorkerEvent event = MessageReader.read(key, value, WorkerEvent.class, WorkerEvent::jobId);
        applier.apply(event);
        if (event instanceof WorkerEvent.Started || event instanceof WorkerEvent.Succeeded
                || event instanceof WorkerEvent.Failed || event instanceof WorkerEvent.Released) {
            wakeDispatcher.run();
        }
        return List.of();
    }

    @Override
    public void afterPoll() {
        applier.flushDueProgress();
    }
}
