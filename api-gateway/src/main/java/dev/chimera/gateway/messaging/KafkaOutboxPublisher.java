package dev.chimera.gateway.messaging;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.messaging.KafkaClientSettings;
import dev.chimera.storage.jobs.OutboxPublisher;
import dev.chimera.storage.jobs.OutboxRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes outbox batches with an idempotent producer (acks=all) and returns only when every record is
 * acknowledged, so the relay marks a row sent only after Kafka has it (at-least-once). A batch is flushed as one
 * produce request; the linger only matters to a record nobody flushes.
 */
@ApplicationScoped
public class KafkaOutboxPublisher implements OutboxPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    // The records of one outbox batch share a produce request.
    private static final Duration LINGER = Duration.ofMillis(5);

    private final KafkaProducer<String, String> producer;

    public KafkaOutboxPublisher(GatewayConfig config) {
        this.producer = new KafkaProducer<>(new KafkaClientSettings(config.kafka().bootstrap())
                .producer("chimera-gateway-outbox", LINGER, ACK_TIMEOUT));
    }

    @Override
    public void publish(List<OutboxRecord> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxRecord record : batch) {
            acks.add(producer.send(new ProducerRecord<>(record.topic(), record.key(), record.payloadJson())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
