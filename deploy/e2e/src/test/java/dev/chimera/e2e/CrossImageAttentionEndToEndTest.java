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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cross-Image Attention transfer jobs through the real stack on the demo's tiny SD 1.5 networks: a job reports its
 * stages and a preview and ends with CIA's 512² picture; a second job with the same images and seed reads both
 * inversions from the cache, which its timeline shows, and ends with the same picture; a worker killed mid-job leaves
 * the job to another worker, which restarts it (the inversions cached) and ends with that picture too; a cancel stops
 * a job.
 */
@Tag("integration")
class CrossImageAttentionEndToEndTest {

    /** CIA's schedule cut to 20 steps (14 transfer steps) so that a job takes seconds on the demo networks. */
    private static final String PARAMS = "{\"domain\": \"cat\", \"seed\": 7, \"inversionSteps\": 20, \"skipSteps\": 6,"
            + " \"swapSteps64\": {\"start\": 2, \"end\": 18},"
            + " \"swapSteps32\": {\"start\": 2, \"end\": 14}, \"adainSteps\": {\"start\": 4, \"end\": 20}}";
    private static final int CIA_SIZE = 512;
    /** Generous: the build machines are shared, and a UNet step takes from 0.05 s to over a second. */
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(300);
    private static final Set<String> STAGES = Set.of("loading", "inverting", "inversion-cached", "transferring",
            "decoding");

    private static RunningStack stack;
    private static ChimeraApi tenant;
    private static ServiceProcess workerA;
    private static ServiceProcess workerB;
    private static String firstId;
    private static Set<String> firstStages;
    private static byte[] firstOutput;

    /** Starts from an empty inversion cache (the bucket outlives test runs), then runs one job. */
    @BeforeAll
    static void runOneJob() {
        stack = RunningStack.shared();
        stack.objects().list("cache/").forEach(entry -> stack.objects().delete(entry.key()));
        tenant = stack.newTenant();
        workerA = stack.transferWorker("e2e-cia-a").start();
        workerB = stack.transferWorker("e2e-cia-b");
        stack.awaitAvailable(List.of("cross-image-attention"));
        firstId = tenant.submitted(Submissions.crossImageAttention(PARAMS));
        firstStages = stagesUntilEnded(firstId);
        JsonNode job = tenant.awaitStatus(firstId, "succeeded", JOB_TIMEOUT);
        firstOutput = Results.of(job).download("output.png");
    }

    @AfterAll
    static void stopTransferWorkers() {
        workerA.stop();
        workerB.stop();
    }

    @Test
    void aJobReportsItsStagesAndAPreviewAndEndsWithCiasPicture() throws IOException {
        assertTrue(STAGES.containsAll(firstStages), "stages seen: " + firstStages);
        assertTrue(firstStages.contains("transferring"), "stages seen: " + firstStages);
        JsonNode job = tenant.job(firstId);
        BufferedImage output = Results.of(job).image("output.png", CIA_SIZE, CIA_SIZE);
        assertTrue(TestImages.distinctColours(output) > 16, "the picture is not nearly constant");
        JsonNode metadata = metadata(job);
        assertFalse(metadata.path("trained").asBoolean(true), "demo weights are untrained: " + metadata);
        assertEquals("sd15", metadata.path("weights").path("family").asText());
        assertEquals(7, metadata.path("details").path("seed").asLong());
        assertEquals("computed", inversionSource(metadata, "appearance"));
        assertEquals("computed", inversionSource(metadata, "structure"));
        assertEquals(List.of(), inversionCacheHits(firstId), "a job that computed its inversions shows no cache hit");

        Job stored = stack.jobs().get(UUID.fromString(firstId)).orElseThrow();
        String previewKey = stored.previewKey().orElseThrow();
        assertTrue(previewKey.startsWith("jobs/" + firstId + "/previews/"), previewKey);
        assertEquals(CIA_SIZE, TestImages.decode(stack.objects().get(previewKey).readAllBytes()).getWidth());
    }

    @Test
    void aSecondJobWithTheSameImagesReadsBothInversionsFromTheCacheAndEndsWithTheSamePicture() {
        String id = tenant.submitted(Submissions.crossImageAttention(PARAMS));
        Set<String> stages = stagesUntilEnded(id);

        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);
        JsonNode metadata = metadata(job);
        assertEquals("cache", inversionSource(metadata, "appearance"));
        assertEquals("cache", inversionSource(metadata, "structure"));
        assertFalse(stages.contains("inverting"), "no inversion step ran: " + stages);
        List<JsonNode> hits = inversionCacheHits(id);
        assertEquals(1, hits.size(), "one timeline entry for the cache hit: " + tenant.timeline(id).body());
        assertEquals(1, hits.get(0).path("attempt").asInt());
        assertEquals("running", hits.get(0).path("status").asText());
        assertEquals(List.of("appearance", "structure"), texts(hits.get(0).path("details").path("inputs")));
        assertArrayEquals(firstOutput, Results.of(job).download("output.png"));
    }

    @Test
    void aJobWhoseWorkerIsKilledMidJobIsRestartedElsewhereAndEndsWithTheSamePicture() {
        String id = tenant.submitted(Submissions.crossImageAttention(PARAMS));
        UUID jobId = UUID.fromString(id);
        Awaitility.await("job " + id + " transfers").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.jobs().get(jobId).orElseThrow().stage().orElse("").equals("transferring"));
        ServiceProcess running = runnerOf(id);
        ServiceProcess other = running == workerA ? workerB : workerA;

        running.kill();
        if (!other.isAlive()) {
            other.start();
        }

        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);
        assertEquals(2, job.path("attempt").asInt(), "attempt 1 died with its worker: " + job);
        assertEquals(other.name(), metadata(job).path("workerId").asText());
        assertTrue(inversionCacheHits(id).stream().anyMatch(hit -> hit.path("attempt").asInt() == 2),
                "the restart read the inversions from the cache: " + tenant.timeline(id).body());
        assertArrayEquals(firstOutput, Results.of(job).download("output.png"),
                "the restarted job ends with the uninterrupted job's picture");
        running.start();
    }

    @Test
    void cancelingAJobStopsItWithoutAResult() {
        String id = tenant.submitted(Submissions.crossImageAttention(PARAMS.replace("\"seed\": 7", "\"seed\": 8")));
        UUID jobId = UUID.fromString(id);
        Awaitility.await("job " + id + " runs").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.jobs().get(jobId).orElseThrow().step().orElse(0) >= 1);
        ServiceProcess running = runnerOf(id);

        assertEquals("canceled", tenant.cancel(id).expect(200).json().path("status").asText());

        Awaitility.await("the worker drops the canceled job").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> !RunningStack.busy(running));
        assertEquals("canceled", tenant.job(id).path("status").asText());
        assertEquals(List.of(), stack.objects().list("results/" + id + "/"));
    }

    /** The stages the job's stored progress showed while it was polled, until it ended. */
    private static Set<String> stagesUntilEnded(String id) {
        UUID jobId = UUID.fromString(id);
        Set<String> stages = new LinkedHashSet<>();
        Awaitility.await("job " + id + " ends").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Job job = stack.jobs().get(jobId).orElseThrow();
            job.stage().ifPresent(stages::add);
            return ChimeraApi.TERMINAL.contains(job.status().wireName());
        });
        return stages;
    }

    private static ServiceProcess runnerOf(String id) {
        String owner = stack.jobs().get(UUID.fromString(id)).orElseThrow().leaseOwner().orElseThrow();
        return owner.equals(workerA.name()) ? workerA : workerB;
    }

    private static JsonNode metadata(JsonNode job) {
        try {
            return ContractJson.mapper().readTree(Results.of(job).download("metadata.json"));
        } catch (IOException e) {
            throw new AssertionError("metadata.json is not JSON", e);
        }
    }

    /** The job's {@code inversion-cached} timeline entries, in order. */
    private static List<JsonNode> inversionCacheHits(String id) {
        List<JsonNode> hits = new ArrayList<>();
        tenant.timeline(id).expect(200).json().forEach(entry -> {
            if (entry.path("type").asText().equals("inversion-cached")) {
                hits.add(entry);
            }
        });
        return hits;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static String inversionSource(JsonNode metadata, String role) {
        return metadata.path("details").path("inversions").path(role).path("source").asText();
    }
}
