package dev.chimera.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.contract.messages.WorkerAnnouncement;
import dev.chimera.scheduler.config.SchedulerConfig;
import dev.chimera.scheduler.messaging.DeadLetters;
import dev.chimera.scheduler.messaging.KafkaClients;
import dev.chimera.scheduler.testing.SchedulerTestDatabase;
import dev.chimera.scheduler.testing.TopicProbe;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.WorkerMethods;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole scheduler as wired by Quarkus, against the local stack's Postgres and Kafka. */
@QuarkusTest
@Tag("integration")
class SchedulerAppTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    JobDatabase database;

    @Inject
    SubmissionStore submissions;
    @Inject
    JobQueries queries;
    @Inject
    RunningAttempts attempts;

    @Inject
    WorkerMethods workerMethods;

    @Inject
    Admin admin;

    @Inject
    SchedulerConfig config;

    private KafkaProducer<String, String> producer;
    private String tenant;

    @BeforeEach
    void setUp() {
        producer = new KafkaClients(TopicProbe.bootstrap()).producer("scheduler-app-test");
        tenant = SchedulerTestDatabase.freshTenant(database);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    private RecordMetadata send(String topic, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private RecordMetadata announce(WorkerAnnouncement announcement) throws Exception {
        return send(KafkaTopics.WORKER_METHODS, announcement.workerId(),
                ContractJson.mapper().writeValueAsString(announcement));
    }

    private long committedOffset(RecordMetadata sent) throws Exception {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        var offset = admin.listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata().get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void aSubmittedJobIsAdmittedAndItsWorkOrderSentToTheWorkTopicOfItsKind() throws Exception {
        try (TopicProbe work = TopicProbe.atEndOf(KafkaTopics.work(JobKind.MORPHING))) {
            Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));

            ConsumerRecord<String, String> record = work.awaitKey(job.id().toString(), TIMEOUT);

            WorkOrder order = ContractJson.mapper().readValue(record.value(), WorkOrder.class);
            assertEquals(job.id(), order.jobId());
            assertEquals(1, order.attempt());
            assertEquals(job.inputKeys(), order.inputKeys());
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("chimera_scheduler_jobs_admitted_total"));
    }

    @Test
    void aWorkerEventOnKafkaIsAppliedToTheJob() throws Exception {
        Job job = SchedulerTestDatabase.submit(submissions, SchedulerTestDatabase.morphingJob(tenant));
        attempts.claim(job.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();
        WorkerEvent succeeded = new WorkerEvent.Succeeded(job.id(), 1, "worker-a", Instant.now(),
                List.of("results/" + job.id() + "/1/morph.gif"));

        send(KafkaTopics.EVENTS, job.id().toString(), ContractJson.mapper().writeValueAsString(succeeded));

        await().atMost(TIMEOUT).until(() -> queries.get(job.id()).orElseThrow().status() == JobStatus.SUCCEEDED);
        assertEquals("results/" + job.id() + "/1/morph.gif",
                queries.get(job.id()).orElseThrow().resultKeys().get("morph.gif"));
    }

    @Test
    void aWorkersAnnouncementIsRecordedAndAnOlderOneArrivingLaterIsIgnored() throws Exception {
        String worker = "scheduler-app-test-worker-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        WorkerAnnouncement newer = WorkerAnnouncement.serving(worker, List.of(Method.CLVAE), now,
                Duration.ofSeconds(30));
        announce(newer);
        await().atMost(TIMEOUT).until(() -> workerMethods.newest(worker).equals(Optional.of(newer)));

        RecordMetadata older = announce(WorkerAnnouncement.serving(worker, List.of(Method.CROSSBREED),
                now.minusSeconds(10), Duration.ofSeconds(30)));

        await().atMost(TIMEOUT).until(() -> committedOffset(older) > older.offset());
        assertEquals(Optional.of(newer), workerMethods.newest(worker));
        announce(WorkerAnnouncement.withdrawal(worker, now.plusSeconds(1)));
        await().atMost(TIMEOUT).until(() -> workerMethods.newest(worker).orElseThrow().methods().isEmpty());
    }

    @Test
    void aPoisonMessageIsParkedInTheDeadLetterTopicWithWhereItCameFromAndWhy() throws Exception {
        String key = UUID.randomUUID().toString();
        try (TopicProbe deadLetters = TopicProbe.atEndOf(KafkaTopics.DEAD_LETTER)) {
            send(KafkaTopics.EVENTS, key, "{\"this is\": not json");

            ConsumerRecord<String, String> parked = deadLetters.awaitKey(key, TIMEOUT);

            assertEquals("{\"this is\": not json", parked.value());
            assertEquals(KafkaTopics.EVENTS, header(parked, DeadLetters.ORIGINAL_TOPIC_HEADER));
            assertTrue(header(parked, DeadLetters.ERROR_HEADER).startsWith("not a valid WorkerEvent"));
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("chimera_scheduler_dead_letters_total"));
    }

    @Test
    void aSubmissionThatFailsTheContractChecksIsParked() throws Exception {
        String key = UUID.randomUUID().toString();
        String missingKind = "{\"schemaVersion\":1,\"jobId\":\"" + key + "\",\"attempt\":1,\"tenant\":\"t\",\"priority\":0,"
                + "\"method\":\"crossbreed\",\"params\":{},\"inputKeys\":{},\"submittedAt\":\"2026-01-01T00:00:00Z\"}";
        try (TopicProbe deadLetters = TopicProbe.atEndOf(KafkaTopics.DEAD_LETTER)) {
            send(KafkaTopics.SUBMITTED, key, missingKind);

            ConsumerRecord<String, String> parked = deadLetters.awaitKey(key, TIMEOUT);

            assertEquals(KafkaTopics.SUBMITTED, header(parked, DeadLetters.ORIGINAL_TOPIC_HEADER));
            assertTrue(header(parked, DeadLetters.ERROR_HEADER).contains("kind is required"));
        }
    }

    @Test
    void isReadyWhenPostgresAndKafkaAnswer() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.postgres", equalTo(true))
                .body("checks[0].data.kafka", equalTo(true));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
