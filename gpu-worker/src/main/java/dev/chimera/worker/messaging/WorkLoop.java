package dev.chimera.worker.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.worker.service.JobOutcome;
import dev.chimera.worker.service.JobRunner;

/**
 * The worker's Kafka loop over its work topics, as a member of a share group (KIP-932): every worker of a pool
 * takes orders from every partition, one record at a time, so no order waits behind another worker's job.
 *
 * <p>A record is acquired with a lock (the group's lock timeout) and acknowledged explicitly: <b>accepted</b> as soon
 * as the attempt's lease is claimed in PostgreSQL (from then on the lease owns the job and the scheduler's watchdog
 * re-dispatches it if this worker is lost), or when the claim is lost (another worker runs the attempt, or it is
 * stale); <b>released</b> when the worker stops before a claim or cannot reach the database, so another worker takes
 * it at once; <b>rejected</b> when it is poison, after it was copied to the dead-letter topic. A worker that dies
 * between acquiring and claiming leaves the record to come back after the lock timeout; Kafka gives up on a record
 * after the group's delivery count limit, and the scheduler admits such a job again after its dispatch timeout. A worker
 * whose job runs longer than {@link #BUSY_MEMBERSHIP} leaves the group until the job ends: it closes its consumer,
 * which gives back whatever the consumer fetched in the background around the poll that returned the order (such a
 * record otherwise stays locked to a worker that does not poll for the length of its job). Short jobs keep their
 * membership, because joining again costs a heartbeat and moves partitions between the members.
 */
public final class WorkLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration BUSY_MEMBERSHIP = Duration.ofSeconds(1);

    private final Map<String, Object> consumerSettings;
    private final List<String> topics;
    private final JobRunner runner;
    private final EventProducer producer;
    private final ExecutorService jobThread;
    private final Semaphore signals = new Semaphore(0);
    private final CountDownLatch polled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Duration grace = Duration.ZERO;
    private volatile KafkaShareConsumer<String, String> consumer;
    private Taken current;
    private Instant retryAt;

    /** One record being worked on: whether its claim was won and acknowledged, and the job's future outcome. */
    private static final class Taken {
        private final ConsumerRecord<String, String> record;
        private final CompletableFuture<Void> claimed = new CompletableFuture<>();
        private CompletableFuture<JobOutcome> outcome;
        private boolean acknowledged;
        private Instant acknowledgedAt;

        Taken(ConsumerRecord<String, String> record) {
            this.record = record;
        }
    }

    /** A loop for {@code runner} over {@code topics} as a member of share group {@code group}. */
    public WorkLoop(String bootstrap, String group, List<String> topics, JobRunner runner, EventProducer producer) {
        this.consumerSettings = KafkaClients.shareConsumer(bootstrap, group, runner.workerId() + "-work");
        this.topics = List.copyOf(topics);
        this.runner = runner;
        this.producer = producer;
        this.jobThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "job-" + runner.workerId()));
    }

    /** Waits until the loop's first poll returned: it is a member of the group and fetching. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return polled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (current != null) {
                    settle();
                }
                if (current != null || (retryAt != null && Instant.now().isBefore(retryAt))) {
                    awaitSignal();
                    continue;
                }
                retryAt = null;
                pollOnce();
            }
            drain();
        } catch (RuntimeException e) {
            LOG.errorf(e, "work loop died worker=%s", runner.workerId());
            throw e;
        } finally {
            jobThread.shutdownNow();
            leaveGroup();
            finished.countDown();
        }
    }

    /**
     * Stops taking orders, stops the running job at its next step (it is released), acknowledges its order and
     * closes the consumer; waits at most {@code grace} for all of it.
     */
    public boolean stop(Duration grace) throws InterruptedException {
        this.grace = grace;
        runner.shutDown();
        stopping = true;
        signals.release();
        KafkaShareConsumer<String, String> member = consumer;
        if (member != null) {
            try {
                member.wakeup();
            } catch (IllegalStateException e) {
                // Closed in between: the loop is not polling.
            }
        }
        return finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollOnce() {
        if (consumer == null) {
            joinGroup();
        }
        try {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                take(record);
            }
            polled.countDown();
        } catch (WakeupException e) {
            // The worker stops; the loop re-checks.
        }
    }

    private void awaitSignal() {
        try {
            long waitMs = current != null ? POLL.toMillis()
                    : Math.max(1, Duration.between(Instant.now(), retryAt).toMillis());
            signals.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
            signals.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void take(ConsumerRecord<String, String> record) {
        WorkOrder order;
        try {
            order = ContractJson.mapper().readValue(record.value(), WorkOrder.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            poison(record, e);
            return;
        }
        Taken taken = new Taken(record);
        taken.outcome = CompletableFuture.supplyAsync(() -> runner.run(order, () -> {
            taken.claimed.complete(null);
            signals.release();
        }), jobThread);
        taken.outcome.whenComplete((done, error) -> signals.release());
        current = taken;
    }

    /** Accepts the order once its claim is won, and forgets it once its job ended for this worker. */
    private void settle() {
        Taken taken = current;
        if (!taken.acknowledged && taken.claimed.isDone()) {
            acknowledge(taken.record, AcknowledgeType.ACCEPT);
            taken.acknowledged = true;
            taken.acknowledgedAt = Instant.now();
        }
        if (!taken.outcome.isDone()) {
            if (taken.acknowledged && consumer != null
                    && Instant.now().isAfter(taken.acknowledgedAt.plus(BUSY_MEMBERSHIP))) {
                leaveGroup();
            }
            return;
        }
        JobOutcome outcome = outcomeOf(taken);
        current = null;
        LOG.debugf("order done topic=%s partition=%d offset=%d outcome=%s", taken.record.topic(),
                taken.record.partition(), taken.record.offset(), outcome);
        if (taken.acknowledged) {
            return;
        }
        if (outcome == JobOutcome.CLAIM_LOST) {
            acknowledge(taken.record, AcknowledgeType.ACCEPT);
        } else {
            // Not claimed: stopping, or the database did not answer. Another worker may take it now.
            acknowledge(taken.record, AcknowledgeType.RELEASE);
            if (!stopping) {
                retryAt = Instant.now().plus(RETRY_PAUSE);
            }
        }
    }

    /**
     * Copies an unreadable order to the dead-letter topic and rejects it; if it still names its job and attempt,
     * that attempt fails without retry. If the dead-letter topic cannot be written, the order is released and read
     * again after a pause.
     */
    private void poison(ConsumerRecord<String, String> record, Exception problem) {
        String reason = "unreadable work order: " + problem.getMessage();
        try {
            producer.deadLetter(record, reason);
        } catch (KafkaException e) {
            LOG.warnf("dead-lettering failed, record released topic=%s offset=%d error=%s", record.topic(),
                    record.offset(), e.toString());
            acknowledge(record, AcknowledgeType.RELEASE);
            retryAt = Instant.now().plus(RETRY_PAUSE);
            return;
        }
        namedAttempt(record).ifPresent(attempt -> runner.failUnreadable(attempt.jobId(), attempt.attempt(),
                reason.length() > 500 ? reason.substring(0, 500) : reason));
        acknowledge(record, AcknowledgeType.REJECT);
    }

    private record NamedAttempt(UUID jobId, int attempt) {
    }

    private static Optional<NamedAttempt> namedAttempt(ConsumerRecord<String, String> record) {
        try {
            JsonNode tree = ContractJson.mapper().readTree(record.value());
            JsonNode attempt = tree == null ? null : tree.get("attempt");
            JsonNode jobId = tree == null ? null : tree.get("jobId");
            if (attempt == null || !attempt.canConvertToInt() || attempt.asInt() < 1 || jobId == null
                    || !jobId.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new NamedAttempt(UUID.fromString(jobId.asText()), attempt.asInt()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** On shutdown: lets the stopped job end (it publishes {@code released}) and acknowledges its order. */
    private void drain() {
        if (current == null) {
            return;
        }
        try {
            current.outcome.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("job did not stop within the grace period grace=%s", grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // outcomeOf logs it in settle().
        }
        settle();
    }

    private static JobOutcome outcomeOf(Taken taken) {
        try {
            return taken.outcome.get();
        } catch (ExecutionException e) {
            // The runner reports job failures itself; an escape here is a broken dependency (e.g. Kafka down while
            // publishing). The lease watchdog re-dispatches a claimed job.
            LOG.errorf(e.getCause(), "job thread failed topic=%s offset=%d", taken.record.topic(),
                    taken.record.offset());
            return JobOutcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobOutcome.NOT_STARTED;
        }
    }

    private void joinGroup() {
        KafkaShareConsumer<String, String> member = new KafkaShareConsumer<>(consumerSettings);
        member.subscribe(topics);
        consumer = member;
    }

    /** Closes the consumer: records it acquired and did not acknowledge go back to the group at once. */
    private void leaveGroup() {
        KafkaShareConsumer<String, String> member = consumer;
        consumer = null;
        if (member != null) {
            member.close();
        }
    }

    private void acknowledge(ConsumerRecord<String, String> record, AcknowledgeType type) {
        try {
            consumer.acknowledge(record, type);
            Map<TopicIdPartition, Optional<KafkaException>> results;
            try {
                results = consumer.commitSync(COMMIT_TIMEOUT);
            } catch (WakeupException e) {
                // A wake-up meant for the poll (the worker stops) must not cost the acknowledgement.
                results = consumer.commitSync(COMMIT_TIMEOUT);
            }
            results.forEach((partition, failure) -> failure.ifPresent(error -> LOG.warnf(
                    "acknowledgement failed topic=%s offset=%d type=%s error=%s", record.topic(), record.offset(),
                    type, error.toString())));
        } catch (KafkaException | IllegalStateException e) {
            // Typically the record's lock timed out and it went back to the group: whoever takes it next loses the
            // claim (or wins it, if this worker never claimed).
            LOG.warnf("acknowledgement failed topic=%s offset=%d type=%s error=%s", record.topic(), record.offset(),
                    type, e.toString());
        }
    }
}
