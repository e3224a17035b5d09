package dev.chimera.scheduler.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.messaging.TopicProvisioner;
import dev.chimera.contract.messages.ControlCommand;
import dev.chimera.contract.messages.ControlMessage;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.scheduler.testing.TopicProbe;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.OutboxRelay;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The scheduler's relay against the real Kafka and PostgreSQL; the loop itself is specified in storage. */
@Tag("integration")
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static JobDatabase database;
    private static SubmissionStore submissions;
    private static JobTransitions transitions;
    private static RunningAttempts attempts;
    private static KafkaProducer<String, String> producer;
    private static String tenant;

    @BeforeAll
    static void open() {
        database = SchedulerTestDatabase.openMigrated();
        submissions = new SubmissionStore(database);
        transitions = new JobTransitions(database);
        attempts = new RunningAttempts(database);
        tenant = SchedulerTestDatabase.freshTenant(database);
        KafkaClients clients = new KafkaClients(TopicProbe.bootstrap());
        try (var admin = clients.admin()) {
            new TopicProvisioner(admin, TIMEOUT).ensure(KafkaTopics.partitionPlan(6, 3), (short) 1);
        }
        producer = clients.producer("outbox-relay-test");
    }

    @AfterAll
    static void close() {
        producer.close();
        database.close();
    }

    private static boolean allSent(Job job) {
        return SchedulerTestDatabase.outboxRows(database, job.id()).stream()
                .allMatch(SchedulerTestDatabase.OutboxRow::sent);
    }

    @Test
    void aCancelCommittedWithItsTransitionReachesTheControlTopicOnceTheRelayIsWoken() throws Exception {
        OutboxRelay relay = new OutboxRelay(new Outbox(database), new KafkaOutboxPublisher(new RecordSender(producer)), 200,
                Duration.ofMinutes(10), Duration.ZERO, Duration.ofSeconds(1));
        Thread thread = new Thread(relay, "outbox-relay-test");
        try (TopicProbe control = TopicProbe.atEndOf(KafkaTopics.CONTROL)) {
            thread.start();
            Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
            attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();
            ControlMessage cancel = ControlMessage.cancel(job.id(), 1, Instant.now(), "canceled by the user");
            OutboxMessage message = new OutboxMessage(KafkaTopics.CONTROL, job.id().toString(),
                    ContractJson.mapper().writeValueAsString(cancel));
            assertTrue(transitions.transition(Transition.cancel(job.id(), 1, JobStatus.RUNNING), List.of(message))
                    .applied());
            relay.wake();

            ConsumerRecord<String, String> record = control.awaitKey(job.id().toString(), TIMEOUT);
            ControlMessage received = ContractJson.mapper().readValue(record.value(), ControlMessage.class);
            assertEquals(ControlCommand.CANCEL, received.command());
            assertEquals(1, received.attempt());
            await().atMost(TIMEOUT).until(() -> allSent(job));
        } finally {
            relay.stop();
            thread.join(TIMEOUT.toMillis());
        }
        assertFalse(thread.isAlive());
    }
}
