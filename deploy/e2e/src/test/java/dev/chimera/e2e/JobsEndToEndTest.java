package dev.chimera.e2e;

import static dev.chimera.e2e.support.Submissions.DEMO_IMAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.Results;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import dev.chimera.e2e.support.TestImages;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Jobs of both kinds go through the three service processes to success, with results that are what was asked. */
@Tag("integration")
class JobsEndToEndTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private static RunningStack stack;
    private static ChimeraApi tenant;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
        tenant = stack.newTenant();
    }

    @Test
    void aMorphingJobSucceedsWithEveryFramePngAndTheAnimatedGif() throws IOException {
        String id = tenant.submitted(Submissions.morphing("{\"frames\": 5}"));

        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);

        Results results = Results.of(job);
        List<String> frames = IntStream.range(0, 5).mapToObj(i -> String.format("frame-%03d.png", i)).toList();
        assertEquals(frames, results.names("frame-", ".png"));
        for (String frame : frames) {
            results.image(frame, DEMO_IMAGE_SIZE, DEMO_IMAGE_SIZE);
        }
        assertEquals(5, TestImages.gifFrames(results.download("morph.gif")));
        JsonNode metadata = ContractJson.mapper().readTree(results.download("metadata.json"));
        assertEquals("crossbreed", metadata.path("method").asText());
        assertFalse(metadata.path("trained").asBoolean(true), "demo weights are untrained: " + metadata);
        for (String name : results.names()) {
            stack.objects().stat("results/" + id + "/" + job.path("attempt").asInt() + "/" + name);
        }
    }

    @Test
    void aDisentangledMorphAlsoGivesEveryGridCellAndTheContactSheet() {
        String id = tenant.submitted(Submissions.morphing("{\"frames\": 3, \"disentangled\": true, \"gridSize\": 3}"));

        Results results = Results.of(tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT));

        List<String> cells = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                cells.add("grid-r" + row + "-c" + column + ".png");
            }
        }
        assertEquals(cells.stream().sorted().toList(), results.names("grid-r", ".png"));
        cells.forEach(cell -> results.image(cell, DEMO_IMAGE_SIZE, DEMO_IMAGE_SIZE));
        var sheet = TestImages.decode(results.download("grid.png"));
        assertTrue(sheet.getWidth() >= 3 * DEMO_IMAGE_SIZE && sheet.getHeight() >= 3 * DEMO_IMAGE_SIZE,
                "the contact sheet holds 3 × 3 cells: " + sheet.getWidth() + "x" + sheet.getHeight());
        assertEquals(3, results.names("frame-", ".png").size());
    }

    @Test
    void aSynthesisJobSucceedsWithTheRequestedNumberOfSamples() throws IOException {
        String id = tenant.submitted(Submissions.synthesis("{\"samples\": 3, \"seed\": 7}"));

        Results results = Results.of(tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT));

        assertEquals(List.of("sample-000.png", "sample-001.png", "sample-002.png"),
                results.names("sample-", ".png"));
        results.names("sample-", ".png").forEach(name -> results.image(name, DEMO_IMAGE_SIZE, DEMO_IMAGE_SIZE));
        JsonNode metadata = ContractJson.mapper().readTree(results.download("metadata.json"));
        assertEquals("clvae", metadata.path("method").asText());
        assertFalse(metadata.path("trained").asBoolean(true));
    }

    @Test
    void aFinishedJobShowsItsTimelineTimestampsAndTimings() {
        String id = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
        JsonNode job = tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);

        JsonNode timeline = tenant.timeline(id).expect(200).json();
        List<String> statuses = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        for (JsonNode entry : timeline) {
            statuses.add(entry.path("status").asText());
            Instant at = Instant.parse(entry.path("at").asText());
            assertFalse(at.isBefore(previous), "timeline in time order: " + timeline);
            previous = at;
        }
        assertEquals("queued", statuses.get(0), "timeline: " + timeline);
        assertEquals("succeeded", statuses.get(statuses.size() - 1), "timeline: " + timeline);
        assertTrue(statuses.indexOf("running") > 0, "timeline: " + timeline);

        Instant created = Instant.parse(job.path("createdAt").asText());
        Instant started = Instant.parse(job.path("startedAt").asText());
        Instant finished = Instant.parse(job.path("finishedAt").asText());
        assertFalse(started.isBefore(created) || finished.isBefore(started), "timestamps in order: " + job);
        assertTrue(job.path("timings").path("queueWaitMs").isNumber() && job.path("timings").path("runMs").isNumber(),
                "timings: " + job);
        assertEquals(1.0, job.path("progress").path("fraction").asDouble(), 1e-9, "progress: " + job);
    }

    @Test
    void pollingAnUnchangedJobCostsA304() {
        String id = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
        tenant.awaitStatus(id, "succeeded", JOB_TIMEOUT);
        String etag = tenant.get(id).expect(200).header("ETag").orElseThrow();

        tenant.getIfNoneMatch(id, etag).expect(304);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheFirstJobAndAnotherBodyIsAConflict() {
        ChimeraApi tenant = stack.newTenant();
        String key = "e2e-" + System.nanoTime();
        var form = Submissions.morphing("{\"frames\": 2}");
        String first = tenant.submit(form, key).expect(202).json().path("id").asText();

        assertEquals(first, tenant.submit(form, key).expect(200).json().path("id").asText());
        assertEquals("idempotency_conflict",
                tenant.submit(Submissions.morphing("{\"frames\": 3}"), key).expect(409).json().path("code").asText());
        assertEquals(1, tenant.list("").expect(200).json().path("items").size());
    }

    @Test
    void aTenantNeverSeesAnotherTenantsJob() {
        ChimeraApi owner = stack.newTenant();
        ChimeraApi stranger = stack.newTenant();
        String id = owner.submitted(Submissions.morphing("{\"frames\": 2}"));

        assertEquals("not_found", stranger.get(id).expect(404).json().path("code").asText());
        stranger.timeline(id).expect(404);
        stranger.cancel(id).expect(404);
        assertEquals(0, stranger.list("").expect(200).json().path("items").size());
        assertEquals(id, owner.list("").expect(200).json().path("items").get(0).path("id").asText());
        owner.awaitStatus(id, "succeeded", JOB_TIMEOUT);
    }
}
