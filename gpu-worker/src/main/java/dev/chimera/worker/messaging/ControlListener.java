package dev.chimera.worker.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.ControlCommand;
import dev.chimera.contract.messages.ControlMessage;
import dev.chimera.worker.service.JobRunner;

/**
 * Reads all of chimera.jobs.control in a consumer group of its own ({@code chimera-worker-control-<workerId>}),
 * starting from the latest offsets: only commands issued while this worker lives can concern a job it runs. A
 * command for any other job or attempt is ignored.
 */
public final class ControlListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, String> consumer;
    private final JobRunner runner;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean stopping;

    /** A listener for the worker that {@code runner} runs jobs of. */
    public ControlListener(String bootstrap, JobRunner runner) {
        String group = "chimera-worker-control-" + runner.workerId();
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, group, runner.workerId() + "-control",
                "latest"));
        this.runner = runner;
    }

    /** Waits until the listener has its partitions and their positions, i.e. would see a command sent now. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(KafkaTopics.CONTROL), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Resolve "latest" now, so a command sent after this point is never skipped.
                    partitions.forEach(consumer::position);
                    if (!partitions.isEmpty()) {
                        assigned.countDown();
                    }
                }
            });
            while (!stopping) {
                // Nothing is committed: every start reads from the latest offsets anyway.
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Makes {@link #run()} return soon. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void handle(ConsumerRecord<String, String> record) {
        ControlMessage message;
        try {
            message = ContractJson.mapper().readValue(record.value(), ControlMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("unreadable control message ignored partition=%d offset=%d error=%s", record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (message.command() == ControlCommand.CANCEL) {
            boolean mine = runner.cancel(message.jobId(), message.attempt());
            LOG.debugf("cancel received job=%s attempt=%d runningHere=%s", message.jobId(), message.attempt(), mine);
        }
    }
}
