package dev.chimera.storage.jobs;

import java.time.Instant;

/** An outbox row waiting to be published, in the order it was written. */
public record OutboxRecord(long id, String topic, String key, String payloadJson, Instant createdAt) {
}
