package dev.chimera.scheduler.messaging;

import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.scheduler.service.Dispatcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@code chimera.jobs.submitted}: an announcement only wakes the dispatcher, which admits the job from its
 * row in PostgreSQL when its turn comes. A lost or duplicated announcement changes nothing but how soon the next
 * admission pass runs.
 */
public final class SubmittedJobHandler implements RecordHandler {

    private final Dispatcher dispatcher;

    /** A handler waking {@code dispatcher}. */
    public SubmittedJobHandler(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException {
        JobSubmitted submitted = MessageReader.read(key, value, JobSubmitted.class, JobSubmitted::jobId);
        if (submitted.method().kind() != submitted.kind()) {
            throw new PoisonMessageException("method " + submitted.method().wireName() + " is not of kind "
                    + submitted.kind().wireName(), null);
        }
        dispatcher.wake();
        return List.of();
    }
}
