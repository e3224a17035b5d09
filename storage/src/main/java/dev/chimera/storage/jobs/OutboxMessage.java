package dev.chimera.storage.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kafka message to publish once the transaction that wrote it commits: topic, record key, JSON payload, and the
 * earliest time it may be published (empty: at once).
 */
public record OutboxMessage(String topic, String key, String payloadJson, Optional<Instant> notBefore) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(notBefore, "notBefore");
    }

    /** A message to publish as soon as its transaction commits. */
    public OutboxMessage(String topic, String key, String payloadJson) {
        this(topic, key, payloadJson, Optional.empty());
    }

    /** This message, held back until {@code time} (a retry's backoff). */
    public OutboxMessage withNotBefore(Instant time) {
        return new OutboxMessage(topic, key, payloadJson, Optional.of(time));
    }
}
