package dev.chimera.scheduler.messaging;

import dev.chimera.storage.jobs.OutboxPublisher;
import dev.chimera.storage.jobs.OutboxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Publishes outbox batches through the scheduler's idempotent producer; a batch counts once Kafka acked every record. */
public final class KafkaOutboxPublisher implements OutboxPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final RecordSender sender;

    /** A publisher sending through {@code sender}. */
    public KafkaOutboxPublisher(RecordSender sender) {
        this.sender = sender;
    }

    @Override
    public void publish(List<OutboxRecord> batch) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        for (OutboxRecord record : batch) {
            acks.add(sender.send(record.topic(), record.key(), record.payloadJson()));
        }
        sender.flush();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
