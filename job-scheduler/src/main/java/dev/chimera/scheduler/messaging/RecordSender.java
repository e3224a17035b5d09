package dev.chimera.scheduler.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends string records through the shared idempotent producer and reports each acknowledgement as a future. The
 * producer lingers, so whoever waits for acknowledgements flushes first: the records sent for one polled batch or one
 * outbox batch then travel in one produce request.
 */
public final class RecordSender {

    private final Producer<String, String> producer;

    /** A sender over a producer someone else owns and closes. */
    public RecordSender(Producer<String, String> producer) {
        this.producer = producer;
    }

    /** Sends one record; the future completes when the broker acknowledged it (acks=all). */
    public CompletableFuture<RecordMetadata> send(String topic, String key, String value) {
        return send(topic, key, value, Map.of());
    }

    /** Sends everything sent so far now and returns when the broker answered for all of it. */
    public void flush() {
        producer.flush();
    }

    /** Sends one record with string headers. */
    public CompletableFuture<RecordMetadata> send(String topic, String key, String value,
            Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged.complete(metadata);
            } else {
                acknowledged.completeExceptionally(error);
            }
        });
        return acknowledged;
    }
}
