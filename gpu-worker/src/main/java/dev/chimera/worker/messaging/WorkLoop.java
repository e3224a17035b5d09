package dev.chimera.worker.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.worker.service.JobOutcome;
import dev.chimera.worker.service.JobRunner;

/**
 * The worker's Kafka loop over its work topics (consumer group {@code chimera-workers}, one record per poll).
 *
 * <p>Delivery is at least once: a work order's offset is committed only when the job has ended for this worker
 * (succeeded, failed, canceled, released, lease or claim lost), so a worker that dies mid-job leaves the order to be
 * redelivered, and a duplicate is harmless because only one claimant wins the attempt. While a job runs on the job
 * thread, every assigned partition is paused and the loop keeps polling, so the group never evicts a busy worker.
 */
public final class WorkLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<String, String> consumer;
    private final List<String> topics;
    private final JobRunner runner;
    private final EventProducer producer;
    private final ExecutorService jobThread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Duration grace = Duration.ZERO;
    private Taken current;
    private Instant retryAt;

    /** One record being worked on, and the job thread's future outcome. */
    private record Taken(ConsumerRecord<String, String> record, CompletableFuture<JobOutcome> outcome) {
    }

    /**
     * A loop for {@code runner} over {@code topics} in consumer group {@code group}; {@code offsetReset} is where a
     * group without committed offsets starts ({@code earliest} in production, so no order is ever skipped).
     */
    public WorkLoop(String bootstrap, String group, String offsetReset, List<String> topics, JobRunner runner,
            EventProducer producer) {
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, group, runner.workerId() + "-work",
                offsetReset));
        this.topics = List.copyOf(topics);
        this.runner = runner;
        this.producer = producer;
        this.jobThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "job-" + runner.workerId()));
    }

    /** Waits until the loop holds at least one partition with its position resolved. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new PauseWhileBusy());
            while (!stopping) {
                finishIfDone();
                resumeAfterRetryPause();
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        take(record);
                    }
                } catch (WakeupException e) {
                    // A job ended or the worker stops; the loop re-checks both.
                }
            }
            drain();
        } catch (RuntimeException e) {
            LOG.errorf(e, "work loop died worker=%s", runner.workerId());
            throw e;
        } finally {
            jobThread.shutdownNow();
            consumer.close();
            finished.countDown();
        }
    }

    /**
     * Stops taking orders, stops the running job at its next step (it is released), commits its offset and closes
     * the consumer; waits at most {@code grace} for all of it.
     */
    public boolean stop(Duration grace) throws InterruptedException {
        this.grace = grace;
        runner.shutDown();
        stopping = true;
        consumer.wakeup();
        return finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void take(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (current != null || retryAt != null) {
            // Fetched before a pause took effect (e.g. right after a rebalance): read it again later.
            consumer.seek(partition, record.offset());
            consumer.pause(List.of(partition));
            return;
        }
        consumer.pause(consumer.assignment());
        WorkOrder order;
        try {
            order = ContractJson.mapper().readValue(record.value(), WorkOrder.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            deadLetter(record, e);
            return;
        }
        CompletableFuture<JobOutcome> outcome = CompletableFuture.supplyAsync(() -> runner.run(order), jobThread);
        // Wakes the poll as soon as the job is done, so the next order is taken without waiting out the poll.
        outcome.whenComplete((done, error) -> consumer.wakeup());
        current = new Taken(record, outcome);
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception problem) {
        try {
            producer.deadLetter(record, "unreadable work order: " + problem.getMessage());
            commit(record);
            consumer.resume(consumer.paused());
        } catch (KafkaException e) {
            LOG.warnf("dead-lettering failed, record kept for later topic=%s offset=%d error=%s", record.topic(),
                    record.offset(), e.toString());
            readAgainLater(record);
        }
    }

    /** Leaves the record uncommitted, rewinds to it and keeps every partition paused for a moment. */
    private void readAgainLater(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        // A partition that moved away meanwhile is read by its new owner from the last commit, this record included.
        if (consumer.assignment().contains(partition)) {
            consumer.seek(partition, record.offset());
        }
        retryAt = Instant.now().plus(RETRY_PAUSE);
    }

    private void resumeAfterRetryPause() {
        if (current == null && retryAt != null && Instant.now().isAfter(retryAt)) {
            retryAt = null;
            consumer.resume(consumer.paused());
        }
    }

    private void finishIfDone() {
        if (current == null || !current.outcome().isDone()) {
            return;
        }
        finish(outcomeOf(current));
    }

    private void finish(JobOutcome outcome) {
        ConsumerRecord<String, String> record = current.record();
        current = null;
        LOG.debugf("order done topic=%s partition=%d offset=%d outcome=%s", record.topic(), record.partition(),
                record.offset(), outcome);
        if (outcome == JobOutcome.NOT_STARTED) {
            readAgainLater(record);
            return;
        }
        commit(record);
        consumer.resume(consumer.paused());
    }

    /** On shutdown: lets the stopped job end (it publishes {@code released}) and commits its order. */
    private void drain() {
        if (current == null) {
            return;
        }
        try {
            finish(current.outcome().get(grace.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            LOG.warnf("job did not stop within the grace period grace=%s; its order stays uncommitted", grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            finish(JobOutcome.FAILED);
        }
    }

    private static JobOutcome outcomeOf(Taken taken) {
        try {
            return taken.outcome().get();
        } catch (ExecutionException e) {
            // The runner reports job failures itself; an escape here is a broken dependency (e.g. Kafka down while
            // publishing). The order is committed and the lease watchdog re-dispatches the job.
            LOG.errorf(e.getCause(), "job thread failed topic=%s offset=%d", taken.record().topic(),
                    taken.record().offset());
            return JobOutcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobOutcome.NOT_STARTED;
        }
    }

    private void commit(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(partition, new OffsetAndMetadata(record.offset() + 1));
        try {
            try {
                consumer.commitSync(offset);
            } catch (WakeupException e) {
                // A wake-up meant for the poll (job done, stop) must not cost the commit.
                consumer.commitSync(offset);
            }
        } catch (KafkaException e) {
            // Typically the partition moved to another worker during the job; it will skip the order by losing
            // the claim.
            LOG.warnf("offset commit failed topic=%s partition=%d offset=%d error=%s", record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    /** Keeps partitions that arrive in a rebalance paused while busy or pausing, and resolves their positions. */
    private final class PauseWhileBusy implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(consumer::position);
            if (current != null || retryAt != null) {
                consumer.pause(partitions);
            }
            if (!partitions.isEmpty()) {
                assigned.countDown();
            }
        }
    }
}
