package dev.chimera.scheduler.messaging;

import dev.chimera.contract.KafkaTopics;
import dev.chimera.messaging.TopicProvisioner;
import dev.chimera.scheduler.config.SchedulerConfig;
import dev.chimera.scheduler.service.JobEventApplier;
import dev.chimera.scheduler.service.Dispatcher;
import dev.chimera.scheduler.service.LeaseWatchdog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.chimera.storage.jobs.AdmissionDoorbellListener;
import dev.chimera.storage.jobs.OutboxRelay;
import dev.chimera.storage.jobs.WorkerMethods;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Starts the scheduler's threads once the application is up (topics first, then the outbox relay, the dispatcher and
 * its doorbell, the three consumers and the watchdog) and stops them in reverse order at shutdown.
 */
@ApplicationScoped
public class SchedulerRuntime {

    private static final Logger LOG = Logger.getLogger(SchedulerRuntime.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(30);

    private final SchedulerConfig config;
    private final KafkaClients clients;
    private final Admin admin;
    private final OutboxRelay relay;
    private final RecordSender sender;
    private final DeadLetters deadLetters;
    private final Dispatcher dispatcher;
    private final AdmissionDoorbellListener doorbell;
    private final JobEventApplier applier;
    private final LeaseWatchdog watchdog;
    private final WorkerMethods workerMethods;

    private ConsumerLoop submittedLoop;
    private ConsumerLoop eventLoop;
    private ConsumerLoop workerLoop;
    private Thread relayThread;
    private Thread dispatcherThread;
    private Thread doorbellThread;
    private ScheduledExecutorService watchdogTimer;

    /** The runtime over the scheduler's parts, all built by {@code SchedulerWiring}. */
    public SchedulerRuntime(SchedulerConfig config, KafkaClients clients, Admin admin, OutboxRelay relay,
            RecordSender sender, DeadLetters deadLetters, Dispatcher dispatcher, AdmissionDoorbellListener doorbell,
            JobEventApplier applier, LeaseWatchdog watchdog, WorkerMethods workerMethods) {
        this.config = config;
        this.clients = clients;
        this.admin = admin;
        this.relay = relay;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.dispatcher = dispatcher;
        this.doorbell = doorbell;
        this.applier = applier;
        this.watchdog = watchdog;
        this.workerMethods = workerMethods;
    }

    void start(@Observes StartupEvent event) {
        TopicProvisioner provisioner = new TopicProvisioner(admin, TOPICS_TIMEOUT);
        Set<String> created = provisioner.ensure(
                KafkaTopics.partitionPlan(config.workTopicPartitions(), config.topicPartitions()),
                config.topicReplication());
        // The share group's assignor spreads a pool's members over the partitions of all its work topics: with one
        // partition per topic (a broker's auto-creation), a two-worker pool of two kinds gives each worker one kind.
        // Work orders need no order by key, so adding partitions is harmless.
        Set<String> grown = provisioner.grow(KafkaTopics.workPartitionPlan(config.workTopicPartitions()));
        LOG.infof("topics provisioned created=%s grown=%s", created, grown);
        relayThread = startThread("outbox-relay", relay);
        dispatcherThread = startThread("dispatcher", dispatcher);
        doorbellThread = startThread("admission-doorbell", doorbell);
        submittedLoop = new ConsumerLoop(clients.consumer(config.consumerGroup(), "scheduler-submitted"),
                KafkaTopics.SUBMITTED, new SubmittedJobHandler(dispatcher), deadLetters, sender);
        eventLoop = new ConsumerLoop(clients.consumer(config.consumerGroup(), "scheduler-events"),
                KafkaTopics.EVENTS, new JobEventHandler(applier, dispatcher::wake), deadLetters, sender);
        startThread("consumer-" + KafkaTopics.SUBMITTED, submittedLoop);
        startThread("consumer-" + KafkaTopics.EVENTS, eventLoop);
        workerLoop = new ConsumerLoop(clients.consumer(config.consumerGroup(), "scheduler-workers"),
                KafkaTopics.WORKER_METHODS, new WorkerAnnouncementHandler(workerMethods, dispatcher::wake, Clock.systemUTC()),
                deadLetters, sender);
        startThread("consumer-" + KafkaTopics.WORKER_METHODS, workerLoop);
        watchdogTimer = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "lease-watchdog"));
        long intervalMs = config.watchdogInterval().toMillis();
        watchdogTimer.scheduleWithFixedDelay(this::sweepSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        LOG.infof("scheduler started group=%s maxAttempts=%d", config.consumerGroup(), config.maxAttempts());
    }

    void stop(@Observes ShutdownEvent event) {
        for (ConsumerLoop loop : Arrays.asList(submittedLoop, eventLoop, workerLoop)) {
            if (loop != null && !loop.stop(STOP_TIMEOUT)) {
                LOG.warn("a consumer did not stop in time");
            }
        }
        if (watchdogTimer != null) {
            watchdogTimer.shutdown();
            awaitQuietly(watchdogTimer);
        }
        doorbell.stop();
        if (doorbellThread != null) {
            joinQuietly(doorbellThread);
        }
        dispatcher.stop();
        if (dispatcherThread != null) {
            joinQuietly(dispatcherThread);
        }
        relay.stop();
        if (relayThread != null) {
            joinQuietly(relayThread);
        }
        LOG.info("scheduler stopped");
    }

    /** True while every consumer is polling. */
    public boolean consumersRunning() {
        return Stream.of(submittedLoop, eventLoop, workerLoop).allMatch(loop -> loop != null && loop.isRunning());
    }

    // An exception would cancel every later run of a scheduled task: one failed sweep must not stop the watchdog.
    private void sweepSafely() {
        try {
            watchdog.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("watchdog sweep failed error=%s", e.toString());
        }
    }

    private static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
