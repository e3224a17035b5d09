package dev.chimera.storage.jobs;

import java.util.List;

/** Sends one batch of outbox records to Kafka and returns only when the broker has acknowledged all of them. */
@FunctionalInterface
public interface OutboxPublisher {

    /** Publishes the batch in order; throwing leaves every record of the batch unsent, to be retried. */
    void publish(List<OutboxRecord> batch) throws Exception;
}
