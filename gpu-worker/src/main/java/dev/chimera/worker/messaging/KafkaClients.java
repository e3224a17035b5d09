package dev.chimera.worker.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.chimera.messaging.KafkaClientSettings;

/** The worker's Kafka settings: events sent at once, work orders acquired from a share group one at a time. */
final class KafkaClients {

    // Kafka's own default: a worker's event survives a broker restart of up to two minutes.
    private static final Duration EVENT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BUSY_POLL_INTERVAL = Duration.ofDays(7);
    private static final Duration SHARE_FETCH_MAX_WAIT = Duration.ofMillis(20);

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

    /**
     * A share consumer that acquires one record per poll ({@code record_limit}: the broker locks no more than the
     * worker asked for) and acknowledges each explicitly. A busy worker does not poll while its job runs, so the poll
     * interval is as long as a job may be.
     */
    static Map<String, Object> shareConsumer(String bootstrap, String groupId, String clientId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        settings.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) BUSY_POLL_INTERVAL.toMillis());
        // The broker does not always answer a waiting share fetch when an order arrives: with Kafka's 500 ms an idle
        // worker took 15-200 ms to see a new order, with 20 ms about 10-30 ms, for ~50 small requests a second.
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) SHARE_FETCH_MAX_WAIT.toMillis());
        return settings;
    }

    /** An admin client for provisioning the topics. */
    static Map<String, Object> admin(String bootstrap, String clientId) {
        return new KafkaClientSettings(bootstrap).admin(clientId, ADMIN_REQUEST_TIMEOUT);
    }
}
