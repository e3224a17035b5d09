package dev.chimera.scheduler.messaging;

import dev.chimera.messaging.KafkaClientSettings;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Builds the scheduler's Kafka clients with the settings the design fixes: idempotent producers, manual commits. */
public final class KafkaClients {

    // The records of one polled batch share a produce request.
    private static final Duration LINGER = Duration.ofMillis(5);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_POLL_RECORDS = 200;
    private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaClientSettings settings;

    /** Clients for the cluster at {@code bootstrapServers}. */
    public KafkaClients(String bootstrapServers) {
        this.settings = new KafkaClientSettings(bootstrapServers);
    }

    /**
     * An idempotent producer that lingers up to 5 ms so that the records of one batch share a request; callers that
     * wait for acknowledgements flush first.
     */
    public KafkaProducer<String, String> producer(String clientId) {
        return new KafkaProducer<>(settings.producer(clientId, LINGER, DELIVERY_TIMEOUT));
    }

    /** A consumer of {@code groupId} that commits only when told and starts at the earliest record. */
    public KafkaConsumer<String, String> consumer(String groupId, String clientId) {
        return new KafkaConsumer<>(settings.consumer(groupId, clientId + "-" + UUID.randomUUID(), MAX_POLL_RECORDS,
                "earliest"));
    }

    /** An admin client for topic provisioning and health checks. */
    public Admin admin() {
        return Admin.create(settings.admin("chimera-scheduler", ADMIN_REQUEST_TIMEOUT));
    }
}
