package dev.chimera.scheduler.messaging;

import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.scheduler.service.JobRouter;
import dev.chimera.scheduler.service.WorkOrders;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@code chimera.jobs.submitted} and sends each routed job's work order straight to its work topic. The
 * offset is committed after the send is acknowledged: a crash in between routes the job again, which is harmless
 * because only one worker's claim of an attempt can win.
 */
public final class SubmittedJobHandler implements RecordHandler {

    private final JobRouter router;
    private final RecordSender sender;

    /** A handler routing with {@code router} and sending through {@code sender}. */
    public SubmittedJobHandler(JobRouter router, RecordSender sender) {
        this.router = router;
        this.sender = sender;
    }

    @Override
    public void beforeBatch(List<String> keys) {
        router.readAhead(keys.stream().map(SubmittedJobHandler::jobId).flatMap(Optional::stream).toList());
    }

    @Override
    public List<CompletableFuture<?>> handle(String key, String value) throws PoisonMessageException {
        JobSubmitted submitted = MessageReader.read(key, value, JobSubmitted.class, JobSubmitted::jobId);
        if (submitted.method().kind() != submitted.kind()) {
            throw new PoisonMessageException("method " + submitted.method().wireName() + " is not of kind "
                    + submitted.kind().wireName(), null);
        }
        Optional<WorkOrder> order = router.route(submitted);
        return order.<List<CompletableFuture<?>>>map(work -> List.of(
                        sender.send(WorkOrders.topic(work), work.jobId().toString(), WorkOrders.json(work))))
                .orElse(List.of());
    }

    // A key that is no job id marks a poison record, which handle() parks.
    private static Optional<UUID> jobId(String key) {
        try {
            return key == null ? Optional.empty() : Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
