package dev.chimera.scheduler.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from the moment it is opened, without a consumer group (so it takes nothing from the services),
 * and waits for the record with a given key.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;

    private TopicProbe(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /** A probe positioned at the current end of every partition of {@code topic}. */
    public static TopicProbe atEndOf(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, so records sent after this line are never skipped.
        partitions.forEach(consumer::position);
        return new TopicProbe(consumer);
    }

    /** The Kafka of the local stack. */
    public static String bootstrap() {
        return Optional.ofNullable(System.getenv("CHIMERA_KAFKA_BOOTSTRAP")).orElse("127.0.0.1:19092");
    }

    /** Waits up to {@code timeout} for the first record with this key. */
    public ConsumerRecord<String, String> awaitKey(String key, Duration timeout) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        await().atMost(timeout).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(record.key()) && found.get() == null) {
                    found.set(record);
                }
            }
            return found.get() != null;
        });
        return found.get();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
