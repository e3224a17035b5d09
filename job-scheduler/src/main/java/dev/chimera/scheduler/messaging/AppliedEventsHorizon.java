package dev.chimera.scheduler.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The time up to which every worker event has been applied by the scheduler group: an event produced before it sits
 * below an end offset that the group has since committed past.
 *
 * <p>The lease watchdog may only judge leases that expired before this horizon. A worker stops renewing its lease
 * once it has reported the end of its job; if the scheduler was down meanwhile, the report waits in Kafka, and a
 * watchdog that looked only at the clock would re-dispatch (and finally fail) a job that had in fact succeeded.
 */
public final class AppliedEventsHorizon {

    private static final Logger LOG = Logger.getLogger(AppliedEventsHorizon.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final Clock clock;

    private Instant observedAt;
    private Map<TopicPartition, Long> endOffsetsThen;
    private Optional<Instant> horizon = Optional.empty();

    /** A horizon for the events {@code topic} as consumed by the scheduler group {@code groupId}. */
    public AppliedEventsHorizon(Admin admin, String topic, String groupId, Clock clock) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Moves the horizon forward if the group has committed past the end offsets observed last time, then observes
     * the end offsets anew. Returns the horizon; empty until the group has caught up once. When Kafka does not
     * answer, the horizon stays where it was, which only delays the watchdog.
     */
    public synchronized Optional<Instant> advance() {
        try {
            if (endOffsetsThen != null && caughtUp(committedOffsets(), endOffsetsThen)) {
                horizon = Optional.of(observedAt);
            }
            // The time is taken before the offsets: every event produced before it lies below them.
            Instant now = clock.instant();
            endOffsetsThen = endOffsets();
            observedAt = now;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("cannot read event offsets, lease watchdog holds back topic=%s error=%s", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return horizon;
    }

    private static boolean caughtUp(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private Map<TopicPartition, Long> committedOffsets()
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }
}
