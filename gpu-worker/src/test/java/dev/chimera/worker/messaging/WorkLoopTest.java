package dev.chimera.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.Device;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.ControlMessage;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkerEventType;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.Transition;
import dev.chimera.storage.jobs.TransitionResult;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.worker.pipeline.CrossbreedPipeline;
import dev.chimera.worker.service.BusyListener;
import dev.chimera.worker.service.JobOutcome;
import dev.chimera.worker.service.JobRunner;

/**
 * The work loop against the real local stack: orders published to the work topics, events read back from
 * chimera.jobs.events, results from S3, offsets from the consumer group. The shutdown test runs last because it
 * stops the worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("integration")
class WorkLoopTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    private static WorkerTestBench bench;
    private static TopicRecorder events;
    private static TopicRecorder deadLetters;

    @BeforeAll
    static void startWorker() throws Exception {
        bench = new WorkerTestBench();
        bench.startWorker();
        events = new TopicRecorder(bench.bootstrap, KafkaTopics.EVENTS);
        deadLetters = new TopicRecorder(bench.bootstrap, KafkaTopics.DEAD_LETTER);
    }

    @AfterAll
    static void stopWorker() throws Exception {
        events.close();
        deadLetters.close();
        bench.close();
    }

    private static byte[] picture(int width, int height, int shade) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | shade);
            }
        }
        return png(image);
    }

    private static byte[] labelMap(int side, int classes) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.getRaster().setSample(x, y, 0, x * classes / side);
            }
        }
        return png(image);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static WorkOrder morphingJob(String params) throws Exception {
        return bench.queuedJob(Method.CROSSBREED, params,
                Map.of("imageA", picture(80, 64, 10), "imageB", picture(64, 90, 200)));
    }

    private static List<WorkerEvent> eventsOf(WorkOrder order) {
        return WorkerTestBench.events(events, order.jobId());
    }

    private static List<WorkerEventType> typesOf(WorkOrder order) {
        return eventsOf(order).stream().map(WorkerEvent::type).toList();
    }

    private static <E extends WorkerEvent> E awaitEvent(WorkOrder order, Class<E> kind) {
        await().atMost(JOB_TIMEOUT).until(() -> eventsOf(order).stream().anyMatch(kind::isInstance));
        return eventsOf(order).stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
    }

    private static boolean isMorphingProgress(WorkerEvent event) {
        return event instanceof WorkerEvent.ProgressReport progress && "morphing".equals(progress.stage());
    }

    // Acknowledged: accepted, rejected or released and taken again by this worker.
    private static void awaitCommitted(RecordMetadata sent) {
        await().atMost(JOB_TIMEOUT).until(() -> bench.acknowledged(sent));
    }

    private static byte[] object(String key) throws IOException {
        try (InputStream in = bench.objects.get(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    @Order(0)
    void marksItselfBusyWhileItRunsAJobAndIdleOnceTheJobHasEnded() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 2}");
        bench.send(order);

        awaitEvent(order, WorkerEvent.Started.class);
        assertEquals("busy", bench.busyChanges.get(0), "busy before the job's first event");
        awaitEvent(order, WorkerEvent.Succeeded.class);
        await().atMost(JOB_TIMEOUT).until(() -> bench.busyChanges.equals(List.of("busy", "idle")));
    }

    @Test
    @Order(1)
    void runsAMorphingJobAndReportsItsResultsThroughEvents() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 4}");
        RecordMetadata sent = bench.send(order);

        WorkerEvent.Succeeded succeeded = awaitEvent(order, WorkerEvent.Succeeded.class);
        awaitCommitted(sent);

        List<WorkerEventType> types = typesOf(order);
        assertEquals(WorkerEventType.STARTED, types.get(0));
        assertEquals(WorkerEventType.SUCCEEDED, types.get(types.size() - 1));
        assertEquals(4, eventsOf(order).stream().filter(WorkLoopTest::isMorphingProgress).count(),
                "one progress event per frame");
        String prefix = "results/" + order.jobId() + "/1/";
        assertEquals(List.of(prefix + "frame-000.png", prefix + "frame-001.png", prefix + "frame-002.png",
                prefix + "frame-003.png", prefix + "morph.gif", prefix + "metadata.json"), succeeded.resultKeys());
        for (String key : succeeded.resultKeys()) {
            assertTrue(bench.objects.stat(key).size() > 0, key);
        }
        BufferedImage frame = ImageIO.read(new ByteArrayInputStream(object(prefix + "frame-000.png")));
        assertEquals(64, frame.getWidth());
        JsonNode metadata = ContractJson.mapper().readTree(object(prefix + "metadata.json"));
        assertEquals("crossbreed", metadata.get("method").asText());
        assertEquals(4, metadata.get("params").get("frames").asInt());
        assertFalse(metadata.get("trained").asBoolean());
        assertEquals("crossbreed", metadata.get("weights").get("family").asText());
        assertTrue(metadata.get("device").asText().startsWith("cpu"), metadata.get("device").asText());
        Job job = bench.queries.get(order.jobId()).orElseThrow();
        assertEquals(JobStatus.RUNNING, job.status(), "the claim started the job; the scheduler applies the rest");
        assertEquals(bench.settings.workerId(), job.leaseOwner().orElseThrow());
    }

    @Test
    @Order(2)
    void aSecondOrderForTheSameAttemptLosesTheClaimAndIsSkipped() throws Exception {
        WorkOrder order = bench.queuedJob(Method.CLVAE, "{\"samples\": 2, \"seed\": 5}",
                Map.of("labelMap", labelMap(64, 4)));
        bench.send(order);
        awaitEvent(order, WorkerEvent.Succeeded.class);

        RecordMetadata duplicate = bench.send(order);
        awaitCommitted(duplicate);

        assertEquals(1, typesOf(order).stream().filter(type -> type == WorkerEventType.STARTED).count());
        assertEquals(1, typesOf(order).stream().filter(type -> type == WorkerEventType.SUCCEEDED).count());
    }

    @Test
    @Order(3)
    void aLabelMapWithUnknownClassesFailsWithoutRetry() throws Exception {
        WorkOrder order = bench.queuedJob(Method.CLVAE, "{\"samples\": 1}", Map.of("labelMap", labelMap(64, 40)));
        RecordMetadata sent = bench.send(order);

        WorkerEvent.Failed failed = awaitEvent(order, WorkerEvent.Failed.class);
        awaitCommitted(sent);

        assertEquals("invalid_label_map", failed.errorCode());
        assertFalse(failed.retryable());
    }

    @Test
    @Order(4)
    void aCancelOnTheControlTopicStopsTheRunningJobAndPublishesNothingMore() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 64, \"disentangled\": true, \"gridSize\": 16}");
        RecordMetadata sent = bench.send(order);
        await().atMost(JOB_TIMEOUT).until(() -> eventsOf(order).stream().anyMatch(WorkLoopTest::isMorphingProgress));

        bench.send(KafkaTopics.CONTROL, order.jobId().toString(), ContractJson.mapper().writeValueAsString(
                ControlMessage.cancel(order.jobId(), 1, Instant.now(), "test")));
        awaitCommitted(sent);

        List<WorkerEventType> types = typesOf(order);
        assertFalse(types.contains(WorkerEventType.SUCCEEDED), types.toString());
        assertFalse(types.contains(WorkerEventType.FAILED), types.toString());
        assertFalse(types.contains(WorkerEventType.RELEASED), types.toString());
        assertFalse(exists("results/" + order.jobId() + "/1/metadata.json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !bench.worker.runner().busy());
    }

    @Test
    @Order(5)
    void anUnreadableOrderGoesToTheDeadLetterTopicAndIsRejected() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        RecordMetadata sent = bench.send(KafkaTopics.work(JobKind.MORPHING), key,
                "{\"this\": \"is not a work order\"}");

        await().atMost(JOB_TIMEOUT).until(() -> !deadLetters.withKey(key).isEmpty());
        awaitCommitted(sent);

        ConsumerRecord<String, String> dead = deadLetters.withKey(key).get(0);
        assertEquals(KafkaTopics.work(JobKind.MORPHING), new String(
                dead.headers().lastHeader(EventProducer.ORIGINAL_TOPIC_HEADER).value(), StandardCharsets.UTF_8));
        assertTrue(dead.headers().lastHeader(EventProducer.ERROR_HEADER) != null);
    }

    @Test
    @Order(5)
    void anUnreadableOrderThatNamesItsJobFailsThatAttemptWithoutRetry() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 2}");
        String poison = "{\"jobId\": \"" + order.jobId() + "\", \"attempt\": 1, \"kind\": \"no-such-kind\"}";
        RecordMetadata sent = bench.send(KafkaTopics.work(JobKind.MORPHING), order.jobId().toString(), poison);

        WorkerEvent.Failed failed = awaitEvent(order, WorkerEvent.Failed.class);
        awaitCommitted(sent);

        assertEquals("unreadable_work_order", failed.errorCode());
        assertFalse(failed.retryable());
        assertFalse(deadLetters.withKey(order.jobId().toString()).isEmpty());
    }

    @Test
    @Order(6)
    void aWorkerWhoseLeaseWasTakenAwayStopsAndPublishesNothingMore() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 64, \"disentangled\": true, \"gridSize\": 16}");
        RecordMetadata sent = bench.send(order);
        await().atMost(JOB_TIMEOUT).until(() -> eventsOf(order).stream().anyMatch(WorkLoopTest::isMorphingProgress));

        // What the lease watchdog does to a job it believes lost: attempt 2 is queued, attempt 1's lease is gone.
        assertTrue(bench.transitions.transition(Transition.redispatch(order.jobId(), 1))
                instanceof TransitionResult.Applied);
        awaitCommitted(sent);

        List<WorkerEventType> types = typesOf(order);
        assertFalse(types.contains(WorkerEventType.SUCCEEDED), types.toString());
        assertFalse(types.contains(WorkerEventType.FAILED), types.toString());
        assertFalse(types.contains(WorkerEventType.RELEASED), types.toString());
        Job job = bench.queries.get(order.jobId()).orElseThrow();
        assertEquals(JobStatus.QUEUED, job.status());
        assertEquals(2, job.attempt());
    }

    @Test
    @Order(7)
    void anOrderForAMethodThisWorkerHasNoPipelineForFailsWithoutRetry() throws Exception {
        WorkOrder order = bench.queuedJob(Method.CROSS_IMAGE_ATTENTION, "{\"domain\": \"cat\"}",
                Map.of("structure", picture(64, 64, 10), "appearance", picture(64, 64, 200)));
        List<WorkerEvent> published = new CopyOnWriteArrayList<>();
        ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor();
        try {
            JobRunner crossbreedOnly = new JobRunner("crossbreed-only-" + UUID.randomUUID(), Device.cpu(),
                    bench.attempts, bench.objects, List.of(new CrossbreedPipeline(bench.models)), published::add,
                    bench.settings.leaseTtl(), false, leaseTimer, BusyListener.NONE, bench.settings.outages(),
                    bench.settings.memoryBudget());

            JobOutcome outcome = crossbreedOnly.run(order);

            WorkerEvent.Failed failed = (WorkerEvent.Failed) published.get(published.size() - 1);
            assertEquals(JobOutcome.FAILED, outcome);
            assertEquals("unsupported_method", failed.errorCode());
            assertFalse(failed.retryable());
        } finally {
            leaseTimer.shutdownNow();
        }
    }

    @Test
    @Order(99)
    void shutdownStopsTheRunningJobReleasesItAndCommitsWithinTheGracePeriod() throws Exception {
        WorkOrder order = morphingJob("{\"frames\": 64, \"disentangled\": true, \"gridSize\": 16}");
        RecordMetadata sent = bench.send(order);
        await().atMost(JOB_TIMEOUT).until(() -> eventsOf(order).stream().anyMatch(WorkLoopTest::isMorphingProgress));

        long started = System.nanoTime();
        bench.worker.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(bench.settings.shutdownGrace()) < 0, "stopped in " + took);
        assertFalse(bench.worker.running());
        awaitEvent(order, WorkerEvent.Released.class);
        awaitCommitted(sent);
        assertFalse(typesOf(order).contains(WorkerEventType.SUCCEEDED));
    }

    private static boolean exists(String key) {
        try {
            bench.objects.stat(key);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }
}
