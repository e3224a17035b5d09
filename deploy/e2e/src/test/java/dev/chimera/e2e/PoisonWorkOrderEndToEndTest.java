package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A work order the worker cannot read, but which names its job and attempt, ends in the dead-letter topic and the
 * job ends {@code failed} with {@code unreadable_work_order}: the worker rejects the record (Kafka never hands it out
 * again), claims the attempt and reports the failure, which the scheduler applies.
 */
@Tag("integration")
class PoisonWorkOrderEndToEndTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("CHIMERA_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    @Test
    void aPoisonWorkOrderEndsInTheDeadLetterTopicWithItsJobFailed() throws Exception {
        RunningStack stack = RunningStack.shared();
        ChimeraApi tenant = stack.newTenant();
        // A transfer job: no worker of the shared stack reads its own order, so only the poison one reaches a worker.
        String id = tenant.submitted(Submissions.transfer());
        String poison = "{\"jobId\": \"" + id + "\", \"attempt\": 1, \"kind\": \"not-a-kind\"}";

        try (KafkaConsumer<String, String> deadLetters = deadLetterConsumer();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BOOTSTRAP),
                     new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(KafkaTopics.work(JobKind.MORPHING), id, poison)).get();

            JsonNode job = tenant.awaitStatus(id, "failed", Duration.ofSeconds(60));
            assertEquals("unreadable_work_order", job.path("error").path("code").asText(), job.toString());
            List<ConsumerRecord<String, String>> parked = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (id.equals(record.key())) {
                        parked.add(record);
                    }
                });
                return !parked.isEmpty();
            });
            assertEquals(poison, parked.get(0).value());
        }
    }

    // Reads the dead-letter topic from its end as it was before the poison was sent.
    private static KafkaConsumer<String, String> deadLetterConsumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "group.id", "e2e-dead-letters-" + UUID.randomUUID(), "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(KafkaTopics.DEAD_LETTER).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
