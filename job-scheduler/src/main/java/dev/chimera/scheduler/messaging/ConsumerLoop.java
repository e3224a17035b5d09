package dev.chimera.scheduler.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer on one dedicated thread: polls a topic, hands each record to its handler, waits for the sends the
 * handler started, then commits. Offsets are committed only after a record's consequences are durable, so delivery
 * is at-least-once and the handlers are idempotent (job id + attempt + conditional updates). A record whose handling
 * fails for a transient reason (database down) is not committed: the loop seeks back to it and retries.
 */
public final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Consumer<String, String> consumer;
    private final String topic;
    private final RecordHandler handler;
    private final DeadLetters deadLetters;
    private final RecordSender sender;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * A loop over {@code topic} that owns {@code consumer} and closes it when it ends; the handler and the dead
     * letters send through {@code sender}, which the loop flushes once per polled batch.
     */
    public ConsumerLoop(Consumer<String, String> consumer, String topic, RecordHandler handler,
            DeadLetters deadLetters, RecordSender sender) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.sender = sender;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (stopRequested.getCount() > 0) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // stop() woke the poll: leave the loop and close.
        } catch (RuntimeException e) {
            // Not even a rewind worked: close, so that the group hands our partitions to a replica that can.
            LOG.errorf(e, "consumer loop ended topic=%s", topic);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
            LOG.infof("consumer closed topic=%s", topic);
        }
    }

    /** True until the loop has ended (stopped, or given up after an error it could not recover from). */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    /** Wakes the poll, lets the loop close its consumer, and waits up to {@code timeout} for it. */
    public boolean stop(Duration timeout) {
        stopRequested.countDown();
        consumer.wakeup();
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pollOnce() {
        try {
            handleBatch(consumer.poll(POLL_TIMEOUT));
            handler.afterPoll();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever went wrong, records read but not committed must be read again: rewind, wait, go on.
            LOG.warnf("consumer iteration failed, rewinding topic=%s error=%s", topic, e.toString());
            rewindToCommitted(consumer.assignment());
            backOff();
        }
    }

    private void handleBatch(ConsumerRecords<String, String> records) {
        if (records.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(records.count());
        records.forEach(record -> keys.add(record.key()));
        handler.beforeBatch(keys);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                try {
                    sends.addAll(handle(record));
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    LOG.warnf("record handling failed, will retry topic=%s partition=%d offset=%d key=%s error=%s",
                            record.topic(), record.partition(), record.offset(), record.key(), e.toString());
                    consumer.seek(partition, record.offset());
                    failed = true;
                    break;
                }
            }
        }
        commitAfterAcks(done, sends);
        if (failed) {
            backOff();
        }
    }

    private List<CompletableFuture<?>> handle(ConsumerRecord<String, String> record) {
        try {
            return handler.handle(record.key(), record.value());
        } catch (PoisonMessageException e) {
            return List.of(deadLetters.park(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), e.getMessage()));
        }
    }

    private void commitAfterAcks(Map<TopicPartition, OffsetAndMetadata> done, List<CompletableFuture<?>> sends) {
        if (done.isEmpty()) {
            return;
        }
        try {
            if (!sends.isEmpty()) {
                sender.flush();
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Without the acknowledgements the records must be read again: rewind to the committed offsets.
            LOG.warnf("sends not acknowledged, rewinding topic=%s error=%s", topic, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            rewindToCommitted(done.keySet());
            return;
        }
        try {
            consumer.commitSync(done);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions moved to another replica, which reads these records again: harmless duplicates.
            LOG.infof("commit lost to a rebalance topic=%s error=%s", topic, e.toString());
        }
    }

    private void rewindToCommitted(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    private void backOff() {
        try {
            stopRequested.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
