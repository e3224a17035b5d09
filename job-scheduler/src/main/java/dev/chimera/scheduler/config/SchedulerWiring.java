package dev.chimera.scheduler.config;

import dev.chimera.contract.KafkaTopics;
import dev.chimera.scheduler.messaging.AppliedEventsHorizon;
import dev.chimera.scheduler.messaging.DeadLetters;
import dev.chimera.scheduler.messaging.KafkaClients;
import dev.chimera.scheduler.messaging.KafkaOutboxPublisher;
import dev.chimera.scheduler.messaging.RecordSender;
import dev.chimera.scheduler.service.JobEventApplier;
import dev.chimera.scheduler.service.Dispatcher;
import dev.chimera.scheduler.service.LeaseGrace;
import dev.chimera.scheduler.service.LeaseWatchdog;
import dev.chimera.scheduler.service.ProgressThrottle;
import dev.chimera.scheduler.service.RetryPolicy;
import dev.chimera.scheduler.service.SchedulerMetrics;
import dev.chimera.storage.jobs.AdmissionDoorbellListener;
import dev.chimera.storage.jobs.AdmissionPolicy;
import dev.chimera.storage.jobs.JobAdmission;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.OutboxRelay;
import dev.chimera.storage.jobs.RunningAttempts;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Builds the scheduler's plain-Java parts from the configuration; CDI only connects them. */
@ApplicationScoped
public class SchedulerWiring {

    private static final int OUTBOX_BATCH = 200;
    // The scheduler's outbox carries only re-dispatches and cancellations, never a stream worth batching.
    private static final Duration OUTBOX_BATCH_SPACING = Duration.ZERO;
    private static final Duration OUTBOX_BACKOFF_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Duration DOORBELL_RECONNECT_DELAY = Duration.ofSeconds(1);

    @Produces
    @Singleton
    KafkaClients kafkaClients(SchedulerConfig config) {
        return new KafkaClients(config.kafkaBootstrap());
    }

    @Produces
    @Singleton
    KafkaProducer<String, String> producer(KafkaClients clients) {
        return clients.producer("job-scheduler");
    }

    void closeProducer(@Disposes KafkaProducer<String, String> producer) {
        producer.close();
    }

    @Produces
    @Singleton
    Admin admin(KafkaClients clients) {
        return clients.admin();
    }

    void closeAdmin(@Disposes Admin admin) {
        admin.close();
    }

    @Produces
    @Singleton
    RecordSender recordSender(KafkaProducer<String, String> producer) {
        return new RecordSender(producer);
    }

    @Produces
    @Singleton
    DeadLetters deadLetters(RecordSender sender, MeterRegistry registry) {
        return new DeadLetters(sender, registry);
    }

    @Produces
    @Singleton
    SchedulerMetrics metrics(MeterRegistry registry) {
        return new SchedulerMetrics(registry);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(SchedulerConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.retryBackoff(), config.retryBackoffMax());
    }

    @Produces
    @Singleton
    OutboxRelay outboxRelay(Outbox outbox, RecordSender sender, SchedulerConfig config) {
        return new OutboxRelay(outbox, new KafkaOutboxPublisher(sender), OUTBOX_BATCH, config.outboxPollInterval(),
                OUTBOX_BATCH_SPACING, OUTBOX_BACKOFF_AFTER_FAILURE);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(JobDatabase database, OutboxRelay relay, SchedulerMetrics metrics, SchedulerConfig config) {
        AdmissionPolicy policy = new AdmissionPolicy(config.tenantQuota(), config.ordersPerWorker(),
                config.minimumOrders());
        return new Dispatcher(new JobAdmission(database), policy, config.admissionInterval(),
                config.dispatchTimeout(), relay::wake, metrics, Clock.systemUTC());
    }

    @Produces
    @Singleton
    AdmissionDoorbellListener admissionDoorbell(JobDatabase database, Dispatcher dispatcher) {
        return new AdmissionDoorbellListener(database, dispatcher::wake, DOORBELL_RECONNECT_DELAY);
    }

    @Produces
    @Singleton
    JobEventApplier jobEventApplier(JobQueries queries, JobTransitions transitions, RunningAttempts attempts,
            RetryPolicy retryPolicy, SchedulerMetrics metrics, OutboxRelay relay, SchedulerConfig config) {
        return new JobEventApplier(queries, transitions, attempts, retryPolicy,
                new ProgressThrottle(config.progressWriteInterval()), metrics, relay::wake, Clock.systemUTC());
    }

    @Produces
    @Singleton
    LeaseWatchdog leaseWatchdog(JobTransitions transitions, RetryPolicy retryPolicy, SchedulerMetrics metrics,
            OutboxRelay relay, Admin admin, SchedulerConfig config) {
        AppliedEventsHorizon horizon = new AppliedEventsHorizon(admin, KafkaTopics.EVENTS, config.consumerGroup(),
                Clock.systemUTC());
        return new LeaseWatchdog(transitions, retryPolicy, metrics, relay::wake, horizon::advance,
                new LeaseGrace(config.leaseGraceAfterOutage(), Clock.systemUTC()), Clock.systemUTC());
    }
}
