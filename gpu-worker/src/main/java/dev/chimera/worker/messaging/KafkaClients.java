package dev.chimera.worker.messaging;

import java.time.Duration;
import java.util.Map;

import dev.chimera.messaging.KafkaClientSettings;

/** The worker's choices among the shared Kafka settings: events sent at once, work orders taken one at a time. */
final class KafkaClients {

    // Kafka's own default: a worker's event survives a broker restart of up to two minutes.
    private static final Duration EVENT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /** A producer that sends each record at once. */
    static Map<String, Object> producer(String bootstrap, String clientId) {
        return new KafkaClientSettings(bootstrap).producer(clientId, Duration.ZERO, EVENT_DELIVERY_TIMEOUT);
    }

    /** A consumer that commits nothing by itself and takes one record per poll. */
    static Map<String, Object> consumer(String bootstrap, String groupId, String clientId, String offsetReset) {
        return new KafkaClientSettings(bootstrap).consumer(groupId, clientId, 1, offsetReset);
    }

    /** An admin client for provisioning the topics. */
    static Map<String, Object> admin(String bootstrap, String clientId) {
        return new KafkaClientSettings(bootstrap).admin(clientId, ADMIN_REQUEST_TIMEOUT);
    }
}
