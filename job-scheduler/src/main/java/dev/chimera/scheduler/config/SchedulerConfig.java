package dev.chimera.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The scheduler's settings; application.properties maps each one to its {@code CHIMERA_*} variable. */
@ConfigMapping(prefix = "chimera.scheduler")
public interface SchedulerConfig {

    /** Attempts a job gets before a lost lease or a retryable failure ends it {@code failed}. */
    @WithDefault("3")
    int maxAttempts();

    /** Kafka bootstrap servers. */
    @WithDefault("127.0.0.1:19092")
    String kafkaBootstrap();

    /** Consumer group shared by every scheduler replica. */
    @WithDefault("chimera-scheduler")
    String consumerGroup();

    /** How often the lease watchdog and the deadline sweep run. */
    @WithDefault("1s")
    Duration watchdogInterval();

    /**
     * How long the lease watchdog judges no lease after the database was unreachable, so that live workers renew
     * first; longer than a third of the workers' {@code CHIMERA_LEASE_TTL}.
     */
    @WithDefault("30s")
    Duration leaseGraceAfterOutage();

    /** At most one progress write per job within this interval. */
    @WithDefault("500ms")
    Duration progressWriteInterval();

    /** Backoff before the first retry of a retryable failure; doubles with every attempt. */
    @WithDefault("60s")
    Duration retryBackoff();

    /** The longest backoff between retries. */
    @WithDefault("10m")
    Duration retryBackoffMax();

    /** How often the outbox relay looks for rows when nothing woke it. */
    @WithDefault("200ms")
    Duration outboxPollInterval();

    /** Partitions of each {@code chimera.work.<kind>} topic when the scheduler creates it. */
    @WithDefault("6")
    int workTopicPartitions();

    /** Partitions of the other topics when the scheduler creates them. */
    @WithDefault("3")
    int topicPartitions();

    /** Replication factor of the topics the scheduler creates. */
    @WithDefault("1")
    short topicReplication();

    /** Jobs of one kind a tenant may have admitted or running at once, unless the admin set its own quota. */
    @WithDefault("4")
    int tenantQuota();

    /**
     * Jobs of a kind that may be admitted or running per live worker serving the kind: the dispatch budget. With 1 an
     * order waits in Kafka only for an idle worker.
     */
    @WithDefault("1")
    int ordersPerWorker();

    /** Work orders of a kind that may wait while no live worker serves it (a pool scaled to zero wakes on them). */
    @WithDefault("1")
    int minimumOrders();

    /** Admission runs when woken and at least this often. */
    @WithDefault("1s")
    Duration admissionInterval();

    /** An admitted job that no worker started within this time is admitted again (its work order is sent again). */
    @WithDefault("10m")
    Duration dispatchTimeout();
}
