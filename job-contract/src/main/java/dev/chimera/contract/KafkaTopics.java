package dev.chimera.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The names of every Kafka topic Chimera uses, in one place. */
public final class KafkaTopics {

    /** Jobs accepted by the gateway, published by its outbox relay; read by the scheduler. */
    public static final String SUBMITTED = "chimera.jobs.submitted";

    /** Lifecycle events from workers (started, heartbeat, progress, checkpoint, succeeded, failed, released). */
    public static final String EVENTS = "chimera.jobs.events";

    /** Commands to the worker running a job (cancel). */
    public static final String CONTROL = "chimera.jobs.control";

    /** Messages that could not be handled after their retries, kept for an operator. */
    public static final String DEAD_LETTER = "chimera.jobs.dead-letter";

    /** Workers' announcements of the methods they serve, keyed by worker id; read by the scheduler. */
    public static final String WORKER_METHODS = "chimera.workers.methods";

    private static final String WORK_PREFIX = "chimera.work.";

    private KafkaTopics() {
    }

    /** The topic of work orders for one job kind, e.g. {@code chimera.work.transfer}. */
    public static String work(JobKind kind) {
        return WORK_PREFIX + kind.wireName();
    }

    /** Every topic, for provisioning a broker. */
    public static List<String> all() {
        List<String> topics = new ArrayList<>(List.of(SUBMITTED, EVENTS, CONTROL, DEAD_LETTER, WORKER_METHODS));
        Arrays.stream(JobKind.values()).map(KafkaTopics::work).forEach(topics::add);
        return List.copyOf(topics);
    }

    /**
     * The standard partition count of every topic: work topics get {@code workPartitions} (a share group spreads
     * them over its members), every other topic gets {@code otherPartitions}. In the order of {@link #all()}.
     */
    public static Map<String, Integer> partitionPlan(int workPartitions, int otherPartitions) {
        Map<String, Integer> work = workPartitionPlan(workPartitions);
        Map<String, Integer> plan = new LinkedHashMap<>();
        for (String topic : all()) {
            plan.put(topic, work.getOrDefault(topic, otherPartitions));
        }
        return Collections.unmodifiableMap(plan);
    }

    /** The work topics' part of {@link #partitionPlan}: each work topic with {@code workPartitions}. */
    public static Map<String, Integer> workPartitionPlan(int workPartitions) {
        Map<String, Integer> plan = new LinkedHashMap<>();
        Arrays.stream(JobKind.values()).forEach(kind -> plan.put(work(kind), workPartitions));
        return Collections.unmodifiableMap(plan);
    }
}
