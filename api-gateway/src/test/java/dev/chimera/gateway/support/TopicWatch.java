package dev.chimera.gateway.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one topic of the local broker from its current end, to find the record a test caused. */
public final class TopicWatch implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;

    private TopicWatch(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** The Kafka the tests run against: the local stack's, as `deploy/local/stack env` exports it. */
    public static String bootstrap() {
        return System.getenv().getOrDefault("CHIMERA_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    /** Starts watching {@code topic} from now on. */
    public static TopicWatch from(String topic) {
        return new TopicWatch(topic);
    }

    /** The first record with this key published after the watch started; fails after 20 seconds. */
    public ConsumerRecord<String, String> awaitKey(String key) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (key.equals(record.key()) && found.get() == null) {
                    found.set(record);
                }
            });
            return found.get() != null;
        });
        return found.get();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
