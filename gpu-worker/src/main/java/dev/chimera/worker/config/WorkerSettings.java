package dev.chimera.worker.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.worker.pipeline.CiaPrecision;
import dev.chimera.worker.pipeline.MemoryBudget;
import dev.chimera.worker.service.OutagePolicy;

/**
 * Everything a worker needs to know to run, independent of how it was configured.
 *
 * @param group share group of the work topics, shared by all workers of the pool (not a consumer group's name)
 * @param offsetReset where that share group starts on a partition it has not read yet: {@code earliest}, so no order
 *     is skipped (Kafka's {@code share.auto.offset.reset}, also {@code latest} or {@code by_duration:<ISO duration>})
 * @param shutdownGrace how long a stopping worker waits for its job to stop and be released
 * @param keepCheckpoints whether a job's checkpoints stay in object storage after it ended (default: deleted)
 * @param announceEvery how often the worker announces the methods it serves
 * @param announcementTtl how long each announcement holds; longer than {@code announceEvery}, so that one lost
 *     announcement does not make the worker's methods unavailable
 * @param outages how long a job waits out an outage of object storage, the database or the broker in place
 * @param memoryBudget the most memory one job's tensors may take
 * @param lockTimeout how long an acquired work order stays locked to a worker that neither accepted nor released it
 *     (it died before its claim) before the group hands it to another (the share group's record lock duration)
 * @param deliveryLimit how often a work order is handed out before Kafka gives up on it (archives it)
 * @param groupHeartbeat the share group's heartbeat interval, which is also how long a worker takes to rejoin the
 *     group after a job (it leaves the group while a job runs, see {@code WorkLoop})
 * @param ciaPrecision the precision Cross-Image Attention's networks run in
 */
public record WorkerSettings(String workerId, Set<JobKind> kinds, Duration leaseTtl, String kafkaBootstrap,
        String group, String offsetReset, Duration shutdownGrace, int workPartitions, int otherPartitions,
        short replication, boolean keepCheckpoints, Duration announceEvery, Duration announcementTtl,
        OutagePolicy outages, MemoryBudget memoryBudget, Duration lockTimeout, int deliveryLimit,
        Duration groupHeartbeat, CiaPrecision ciaPrecision) {

    /** Checks that the worker has something to do, a lease it can renew and announcements that overlap. */
    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(outages, "outages");
        Objects.requireNonNull(memoryBudget, "memoryBudget");
        Objects.requireNonNull(ciaPrecision, "ciaPrecision");
        kinds = Set.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one job kind");
        }
        if (leaseTtl.toMillis() < 300) {
            throw new IllegalArgumentException("the lease ttl must be at least 300 ms, was " + leaseTtl);
        }
        // The broker's own bounds (group.share.min/max.record.lock.duration.ms, ...delivery.count.limit) by default.
        if (lockTimeout.toMillis() < 1000 || deliveryLimit < 2 || deliveryLimit > 10) {
            throw new IllegalArgumentException("the lock timeout must be at least 1 s and the delivery limit within"
                    + " 2..10, were " + lockTimeout + " and " + deliveryLimit);
        }
        if (groupHeartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("the group heartbeat must be positive, was " + groupHeartbeat);
        }
        if (announceEvery.toMillis() < 100 || announcementTtl.compareTo(announceEvery) <= 0) {
            throw new IllegalArgumentException("announcements must be at least 100 ms apart and hold longer than that,"
                    + " were every " + announceEvery + " for " + announcementTtl);
        }
    }

    /** The work topics of the configured kinds, in kind order. */
    public List<String> workTopics() {
        return kinds.stream().sorted().map(KafkaTopics::work).toList();
    }

    /** Every topic this worker reads or writes, with the partition count it is created with. */
    public Map<String, Integer> topicPartitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        workTopics().forEach(topic -> topics.put(topic, workPartitions));
        for (String topic : List.of(KafkaTopics.EVENTS, KafkaTopics.CONTROL, KafkaTopics.DEAD_LETTER,
                KafkaTopics.WORKER_METHODS)) {
            topics.put(topic, otherPartitions);
        }
        return topics;
    }
}
