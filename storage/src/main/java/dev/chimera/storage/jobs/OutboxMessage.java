package dev.chimera.storage.jobs;

import java.util.Objects;

/** A Kafka message to publish once the transaction that wrote it commits: topic, record key, JSON payload. */
public record OutboxMessage(String topic, String key, String payloadJson) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
