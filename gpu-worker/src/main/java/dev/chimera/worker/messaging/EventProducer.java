package dev.chimera.worker.messaging;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkerAnnouncement;
import dev.chimera.worker.service.JobEvents;

/**
 * The worker's one Kafka producer (idempotent, acks=all): job events on chimera.jobs.events keyed by job id, so one
 * job's events stay in order on one partition, poison records on chimera.jobs.dead-letter, and the worker's
 * announcements on chimera.workers.methods keyed by worker id. Every send waits for the broker's acknowledgement, so
 * an offset is never committed before what the job reported is durable.
 */
public final class EventProducer implements JobEvents, AutoCloseable {

    /** Header naming the topic a dead-lettered record came from. */
    public static final String ORIGINAL_TOPIC_HEADER = "chimera-original-topic";
    /** Header saying why a record was dead-lettered. */
    public static final String ERROR_HEADER = "chimera-error";

    private static final Logger LOG = Logger.getLogger(EventProducer.class);

    private final KafkaProducer<String, String> producer;

    /** A producer on {@code bootstrap} named after the worker. */
    public EventProducer(String bootstrap, String workerId) {
        this.producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, workerId + "-events"));
    }

    @Override
    public void publish(WorkerEvent event) {
        try {
            send(new ProducerRecord<>(KafkaTopics.EVENTS, event.jobId().toString(),
                    ContractJson.mapper().writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a WorkerEvent always serialises", e);
        }
    }

    /** Copies a record that cannot be handled to the dead-letter topic with where it came from and why. */
    public void deadLetter(ConsumerRecord<String, String> record, String error) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(KafkaTopics.DEAD_LETTER, record.key(),
                record.value());
        copy.headers().add(ORIGINAL_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        copy.headers().add(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8));
        send(copy);
        LOG.warnf("record dead-lettered topic=%s partition=%d offset=%d error=%s", record.topic(),
                record.partition(), record.offset(), error);
    }

    /**
     * Announces the methods this worker serves; waits at most {@code timeout} for the acknowledgement, because an
     * announcement that is late is worth nothing: the next one replaces it.
     */
    public void announce(WorkerAnnouncement announcement, Duration timeout) {
        try {
            producer.send(new ProducerRecord<>(KafkaTopics.WORKER_METHODS, announcement.workerId(),
                    ContractJson.mapper().writeValueAsString(announcement))).get(timeout.toMillis(), MILLISECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a WorkerAnnouncement always serialises", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while announcing", e);
        } catch (ExecutionException e) {
            throw new KafkaException("announcing failed", e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("announcing took longer than " + timeout, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new KafkaException("sending to " + record.topic() + " failed", e.getCause());
        }
    }
}
