package dev.chimera.scheduler.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.scheduler.testing.MutableClock;
import dev.chimera.scheduler.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lease watchdog's horizon: how far the scheduler group has applied the worker events. */
@Tag("integration")
class AppliedEventsHorizonTest {

    private final String topic = "chimera.test.horizon-" + UUID.randomUUID();
    private final String group = "chimera-test-horizon-" + UUID.randomUUID();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private Admin admin;
    private AppliedEventsHorizon horizon;

    @BeforeEach
    void createTopic() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap()));
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        awaitPartitionLeaders();
        horizon = new AppliedEventsHorizon(admin, topic, group, clock);
    }

    @AfterEach
    void deleteTopic() throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        admin.close();
    }

    @Test
    void anEmptyTopicIsCaughtUpFromTheSecondLook() {
        Instant firstLook = clock.instant();

        assertEquals(Optional.empty(), horizon.advance());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(firstLook), horizon.advance());
    }

    @Test
    void theHorizonWaitsUntilTheGroupHasCommittedPastEveryEventProducedBeforeIt() throws Exception {
        send("job-1", 0);
        send("job-2", 1);
        Instant lookWithBacklog = clock.instant();
        horizon.advance();
        clock.advance(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), horizon.advance(), "nothing applied yet: no horizon");

        commit(0, 1);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(horizon.advance().isEmpty(), "one partition still behind");

        commit(1, 1);
        Instant lastLook = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        Optional<Instant> caughtUp = horizon.advance();
        assertTrue(caughtUp.isPresent());
        assertTrue(!caughtUp.get().isBefore(lookWithBacklog) && !caughtUp.get().isAfter(lastLook));
    }

    /** A freshly created topic answers offset requests only once its partitions have leaders. */
    private void awaitPartitionLeaders() {
        Map<TopicPartition, OffsetSpec> latest = Map.of(
                new TopicPartition(topic, 0), OffsetSpec.latest(), new TopicPartition(topic, 1), OffsetSpec.latest());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.listOffsets(latest).all().get().size() == 2);
    }

    private void send(String key, int partition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, "{}")).get();
        }
    }

    private void commit(int partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group,
                Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset))).all().get();
    }
}
