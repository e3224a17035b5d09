package dev.chimera.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final String WORK_PREFIX = "chimera.work.";

    private KafkaTopics() {
    }

    /** The topic of work orders for one job kind, e.g. {@code chimera.work.transfer}. */
    public static String work(JobKind kind) {
        return WORK_PREFIX + kind.wireName();
    }

    /** Every topic, for provisioning a broker. */
    public static List<String> all() {
        List<String> topics = new ArrayList<>(List.of(SUBMITTED, EVENTS, CONTROL, DEAD_LETTER));
        Arrays.stream(JobKind.values()).map(KafkaTopics::work).forEach(topics::add);
        return List.copyOf(topics);
    }
}
