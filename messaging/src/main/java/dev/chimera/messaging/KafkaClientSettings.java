package dev.chimera.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place Chimera's Kafka clients are configured. Every producer is idempotent and counts a record as sent only
 * when every in-sync replica has it; every consumer commits only when its caller says so, after a record's
 * consequences are durable, which is what makes delivery at-least-once. Keys and values are JSON text.
 */
public final class KafkaClientSettings {

    // A producer call that needs metadata, and each produce request, give up after this; the send is retried within
    // its delivery timeout.
    private static final int REQUEST_TIMEOUT_MS = 10_000;
    // A consumer whose process died hands its partitions on within seconds, not Kafka's default 45 s.
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int HEARTBEAT_INTERVAL_MS = 3_000;

    private final String bootstrapServers;

    /** Settings for clients of the cluster at {@code bootstrapServers}. */
    public KafkaClientSettings(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /**
     * An idempotent producer's settings (acks=all) that lingers up to {@code linger} so that records sent together
     * share a request, and gives a record up after {@code deliveryTimeout}.
     */
    public Map<String, Object> producer(String clientId, Duration linger, Duration deliveryTimeout) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, REQUEST_TIMEOUT_MS,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    }

    /**
     * A consumer's settings in group {@code groupId} that never commits by itself, takes at most
     * {@code maxPollRecords} records per poll, and starts at {@code offsetReset} ({@code earliest} or {@code latest})
     * where its group has committed nothing.
     */
    public Map<String, Object> consumer(String groupId, String clientId, int maxPollRecords, String offsetReset) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    }

    /** An admin client's settings: each request waits at most {@code requestTimeout}, each call twice that. */
    public Map<String, Object> admin(String clientId, Duration requestTimeout) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.multipliedBy(2).toMillis());
    }
}
