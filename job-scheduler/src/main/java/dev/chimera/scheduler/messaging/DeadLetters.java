package dev.chimera.scheduler.messaging;

import dev.chimera.contract.KafkaTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/** Parks poison records on {@code chimera.jobs.dead-letter}, with where they came from and what is wrong. */
public final class DeadLetters {

    /** Header naming the topic the record was read from. */
    public static final String ORIGINAL_TOPIC_HEADER = "chimera-original-topic";
    /** Header saying why the record could not be handled. */
    public static final String ERROR_HEADER = "chimera-error";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final RecordSender sender;
    private final MeterRegistry meters;

    /** Dead letters sent through {@code sender} and counted in {@code meters}. */
    public DeadLetters(RecordSender sender, MeterRegistry meters) {
        this.sender = sender;
        this.meters = meters;
    }

    /** Sends the record, unchanged, to the dead-letter topic; the future completes once Kafka has it. */
    public CompletableFuture<?> park(String originalTopic, int partition, long offset, String key, String value,
            String error) {
        LOG.warnf("dead-lettered topic=%s partition=%d offset=%d key=%s error=%s",
                originalTopic, partition, offset, key, error);
        meters.counter("chimera.scheduler.dead.letters", "topic", originalTopic).increment();
        return sender.send(KafkaTopics.DEAD_LETTER, key, value,
                Map.of(ORIGINAL_TOPIC_HEADER, originalTopic, ERROR_HEADER, error));
    }
}
