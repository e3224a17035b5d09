package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.Results;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.ServiceProcess;
import dev.chimera.e2e.support.Submissions;
import dev.chimera.e2e.support.TestImages;
import dev.chimera.storage.jobs.Job;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Splice transfer jobs through the real stack, on the demo's tiny untrained DINO ViT and 64 × 64 pictures: a job
 * trains to success; a worker killed (SIGKILL) after a checkpoint loses nothing but the steps since, and the next
 * attempt, on another worker, resumes from that checkpoint and ends with exactly the uninterrupted run's picture; a
 * worker told to stop (SIGTERM) checkpoints, releases the job with its checkpoint, and another worker finishes it; a
 * cancel stops the training.
 */
@Tag("integration")
class SpliceEndToEndTest {

    private static final int ITERATIONS = 16;
    private static final int CHECKPOINT_EVERY = 4;
    /** A fixed seed: every run of these params trains the same generator, step for step. */
    private static final String PARAMS = "{\"iterations\": " + ITERATIONS + ", \"seed\": 7, \"dinoVariant\": \""
            + RunningStack.TRANSFER_DINO_VARIANT + "\", \"checkpointIntervalSteps\": " + CHECKPOINT_EVERY
            + ", \"previewIntervalSteps\": 4, \"entireImageEvery\": 4}";
    /** Generous: the build machines are shared, and a step takes from 0.2 s to several seconds. */
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(300);

    private static RunningStack stack;
    private static ChimeraApi tenant;
    private static ServiceProcess workerA;
    private static ServiceProcess workerB;
    private static String straightId;
    private static byte[] straightOutput;

    @BeforeAll
    static void runOneJobStraight() {
        stack = RunningStack.shared();
        tenant = stack.newTenant();
        workerA = stack.transferWorker("e2e-transfer-a").start();
        workerB = stack.transferWorker("e2e-transfer-b");
        straightId = tenant.submitted(Submissions.splice(PARAMS));
        JsonNode job = tenant.awaitStatus(straightId, "succeeded", JOB_TIMEOUT);
        straightOutput = Results.of(job).download("output.png");
    }

    @AfterAll
    static void stopTransferWorkers() {
        workerA.stop();
        workerB.stop();
    }

    @Test
    void aTinySpliceJobTrainsToItsPictureAndReportsItsTraining() throws IOException {
        JsonNode job = tenant.job(straightId);
        BufferedImage output = Results.of(job).image("output.png", Submissions.DEMO_IMAGE_SIZE,
                Submissions.DEMO_IMAGE_SIZE);
        assertTrue(TestImages.distinctColours(output) > 1, "the picture is not constant (all black, say)");
        JsonNode metadata = ContractJson.mapper().readTree(Results.of(job).download("metadata.json"));
        assertFalse(metadata.path("trained").asBoolean(true), "demo weights are untrained: " + metadata);
        assertEquals(7, metadata.path("details").path("seed").asLong());
        JsonNode finalLosses = metadata.path("details").path("finalLosses");
        assertTrue(finalLosses.has("loss") && finalLosses.has("loss_global_cls"), "final losses: " + finalLosses);
        finalLosses.forEach(value -> assertTrue(value.isNumber() && Double.isFinite(value.asDouble()),
                "final losses: " + finalLosses));

        Job stored = stack.jobs().get(UUID.fromString(straightId)).orElseThrow();
        assertEquals(Optional.of("cpu"), stored.device());
        assertTrue(stored.losses().containsKey("loss"), "losses of the last report: " + stored.losses());
        assertTrue(stored.losses().values().stream().allMatch(Double::isFinite), "losses: " + stored.losses());
        double stepsPerSecond = stored.stepsPerSecond().orElseThrow();
        assertTrue(stepsPerSecond > 0);
        String previewKey = stored.previewKey().orElseThrow();
        assertTrue(previewKey.startsWith("jobs/" + straightId + "/previews/"), previewKey);
        assertTrue(TestImages.decode(stack.objects().get(previewKey).readAllBytes()).getWidth() > 0,
                "the newest preview is kept");
        assertEquals(List.of(previewKey), keys("jobs/" + straightId + "/previews/"));
        assertEquals(List.of(), keys("jobs/" + straightId + "/checkpoints/"), "checkpoints deleted after success");
        assertEquals(3, count(timelineTypes(straightId), "checkpointed"), "checkpoints after steps 4, 8 and 12");
        System.out.printf("splice e2e tiny config: %.3f s per training step (%.2f steps/s)%n", 1 / stepsPerSecond,
                stepsPerSecond);
    }

    @Test
    void aJobWhoseWorkerIsKilledAfterACheckpointResumesFromItElsewhereAndEndsWithTheSamePicture() {
        String id = tenant.submitted(Submissions.splice(PARAMS));
        awaitCheckpoint(id);

        ServiceProcess running = runnerOf(id);
        running.kill();
        ServiceProcess other = running == workerA ? workerB : workerA;
        if (!other.isAlive()) {
            other.start();
        }

        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);
        assertEquals(2, job.path("attempt").asInt(), "attempt 1 died with its worker: " + job);
        List<String> types = timelineTypes(id);
        assertTrue(types.indexOf("checkpointed") < types.indexOf("redispatched"), "timeline: " + types);
        assertTrue(checkpointsOfAttempt(id, 1).contains(metadataDetail(job, "resumedFrom")),
                "attempt 2 resumed from a checkpoint attempt 1 recorded: " + metadataDetail(job, "resumedFrom"));
        assertArrayEquals(straightOutput, Results.of(job).download("output.png"),
                "the resumed run ends with exactly the uninterrupted run's picture");
        running.start();
    }

    @Test
    void aWorkerToldToStopReleasesTheJobWithACheckpointAndAnotherWorkerFinishesIt() {
        String id = tenant.submitted(Submissions.splice(PARAMS));
        awaitCheckpoint(id);

        ServiceProcess running = runnerOf(id);
        ServiceProcess other = running == workerA ? workerB : workerA;
        if (!other.isAlive()) {
            other.start();
        }
        running.stop();

        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);
        assertEquals(2, job.path("attempt").asInt(), "released after attempt 1: " + job);
        assertTrue(timelineTypes(id).contains("redispatched"), "timeline: " + timelineTypes(id));
        assertEquals(other.name(), metadataDetail(job, "workerId"));
        List<String> attemptOne = checkpointsOfAttempt(id, 1);
        assertEquals(attemptOne.get(attemptOne.size() - 1), metadataDetail(job, "resumedFrom"),
                "resumed from the checkpoint attempt 1 wrote when it was told to stop");
        assertArrayEquals(straightOutput, Results.of(job).download("output.png"));
        running.start();
    }

    @Test
    void cancelingATrainingJobStopsItWithoutAResult() {
        String id = tenant.submitted(Submissions.splice(PARAMS.replace("\"iterations\": " + ITERATIONS,
                "\"iterations\": 5000")));
        Awaitility.await("job " + id + " trains").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.jobs().get(UUID.fromString(id)).orElseThrow().step().orElse(0) >= 2);
        ServiceProcess running = runnerOf(id);

        assertEquals("canceled", tenant.cancel(id).expect(200).json().path("status").asText());

        Awaitility.await("the worker drops the canceled job").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> !RunningStack.busy(running));
        assertEquals("canceled", tenant.job(id).path("status").asText());
        assertEquals(List.of(), keys("results/" + id + "/"));
        assertEquals(List.of(), keys("jobs/" + id + "/checkpoints/"));
    }

    /** Waits for the job's first recorded checkpoint and returns its key. */
    private static String awaitCheckpoint(String id) {
        UUID jobId = UUID.fromString(id);
        Awaitility.await("a checkpoint of job " + id).atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.jobs().get(jobId).orElseThrow().checkpointKey().isPresent());
        Job job = stack.jobs().get(jobId).orElseThrow();
        assertEquals("running", job.status().wireName(), "still training when the first checkpoint is recorded");
        return job.checkpointKey().orElseThrow();
    }

    private static ServiceProcess runnerOf(String id) {
        String owner = stack.jobs().get(UUID.fromString(id)).orElseThrow().leaseOwner().orElseThrow();
        return owner.equals(workerA.name()) ? workerA : workerB;
    }

    /** A field of the result metadata's {@code details}, or {@code workerId}. */
    private static String metadataDetail(JsonNode job, String field) {
        try {
            JsonNode metadata = ContractJson.mapper().readTree(Results.of(job).download("metadata.json"));
            return (field.equals("workerId") ? metadata.path("workerId") : metadata.path("details").path(field))
                    .asText();
        } catch (IOException e) {
            throw new AssertionError("metadata.json is not JSON", e);
        }
    }

    private static List<String> keys(String prefix) {
        return stack.objects().list(prefix).stream().map(object -> object.key()).toList();
    }

    private static List<String> timelineTypes(String id) {
        List<String> types = new ArrayList<>();
        tenant.timeline(id).expect(200).json().forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    /** The keys of the checkpoints the timeline records for one attempt, oldest first. */
    private static List<String> checkpointsOfAttempt(String id, int attempt) {
        List<String> keys = new ArrayList<>();
        tenant.timeline(id).expect(200).json().forEach(entry -> {
            if (entry.path("type").asText().equals("checkpointed") && entry.path("attempt").asInt() == attempt) {
                keys.add(entry.path("details").path("checkpointKey").asText());
            }
        });
        return keys;
    }

    private static long count(List<String> values, String value) {
        return values.stream().filter(value::equals).count();
    }
}
