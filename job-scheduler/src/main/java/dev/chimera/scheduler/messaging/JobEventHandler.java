package dev.chimera.scheduler.messaging;

import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.scheduler.service.JobEventApplier;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@code chimera.jobs.events}. Applying an event is a database write (consequences to publish go through
 * the outbox), so nothing is sent here and the offset is committed once the write is done.
 */
public final class JobEventHandler implements RecordHandler {

    private final JobEventApplier applier;

    /** A handler applying events with {@code applier}. */
    public JobEventHandler(JobEventApplier applier) {
        this.applier = applier;
    }

    @Override
    public List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException {
        applier.apply(MessageReader.read(key, value, WorkerEvent.class, WorkerEvent::jobId));
        return List.of();
    }

    @Override
    public void afterPoll() {
        applier.flushDueProgress();
    }
}
