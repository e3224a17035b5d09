package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.TestImages;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.Progress;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.Transition;
import dev.chimera.storage.objects.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class TrainingProgressViewTest {

    @Inject
    JobQueries queries;

    @Inject
    JobTransitions transitions;

    @Inject
    RunningAttempts attempts;

    @Inject
    ObjectStore objects;

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aRunningTrainingJobShowsItsDeviceSpeedEtaLossesAndAWorkingPreviewUrl() throws Exception {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 120);
        UUID jobId = UUID.fromString(id);
        byte[] preview = TestImages.png(121);
        String previewKey = "previews/" + id + "/step-5.png";
        objects.put(previewKey, preview, "image/png");
        // Stand in for the worker that started the job and reports training progress.
        assertTrue(transitions.transition(Transition.start(jobId, 1)).applied());
        assertTrue(attempts.recordDevice(jobId, 1, "cpu"));
        assertTrue(attempts.updateProgress(jobId, 1, new Progress(0.5, Optional.of("train"), Optional.of(5),
                Optional.of(10), Optional.of(previewKey), Optional.of(2.5), Optional.of(2.0),
                Map.of("structure", 0.5, "appearance", 1.25))));

        Response job = as(tenant).get("/api/v1/jobs/" + id);
        job.then().statusCode(200)
                .body("device", equalTo("cpu"))
                .body("progress.stepsPerSecond", equalTo(2.5f))
                .body("progress.etaSeconds", equalTo(2.0f))
                .body("progress.losses.structure", equalTo(0.5f))
                .body("progress.losses.appearance", equalTo(1.25f))
                .body("progress.previewUrl", containsString(previewKey));
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(job.path("progress.previewUrl"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(preview, fetched.body());

        as(tenant).get("/api/v1/jobs").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.device", equalTo("cpu"))
                .body("items.find { it.id == '" + id + "' }.progress.previewUrl", containsString(previewKey));

        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void aJobWithoutTrainingDetailsLeavesThemOut() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 122);

        as(tenant).get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("device", nullValue())
                .body("progress.stepsPerSecond", nullValue())
                .body("progress.losses", nullValue())
                .body("progress.previewUrl", nullValue());
    }

    @Test
    void aNewPreviewChangesTheEtagSoAPollNeverMissesIt() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 124);
        UUID jobId = UUID.fromString(id);
        assertTrue(transitions.transition(Transition.start(jobId, 1)).applied());
        assertTrue(attempts.updateProgress(jobId, 1, trainingProgress(id, 1)));
        String etag = as(tenant).get("/api/v1/jobs/" + id).header("ETag");

        assertTrue(attempts.updateProgress(jobId, 1, trainingProgress(id, 2)));

        as(tenant).header("If-None-Match", etag).get("/api/v1/jobs/" + id).then().statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .body("progress.previewUrl", containsString("step-2.png"));
        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void theEtagChangesWithTheQueuePositionAndTheUrlSigningPeriod() {
        TenantKey tenant = Gateway.newTenant();
        Job job = queries.get(UUID.fromString(Gateway.submitMorphing(tenant, 126))).orElseThrow();

        String etag = new JobViews.Snapshot(job, 3L, 100).etag();
        assertEquals(etag, new JobViews.Snapshot(job, 3L, 100).etag());
        assertNotEquals(etag, new JobViews.Snapshot(job, 2L, 100).etag());
        assertNotEquals(etag, new JobViews.Snapshot(job, null, 100).etag());
        assertNotEquals(etag, new JobViews.Snapshot(job, 3L, 101).etag());
    }

    private static Progress trainingProgress(String id, int step) {
        return new Progress(step / 10.0, Optional.of("train"), Optional.of(step), Optional.of(10),
                Optional.of("previews/" + id + "/step-" + step + ".png"), Optional.of(1.0), Optional.of(10.0 - step),
                Map.of("structure", 1.0 / step));
    }
}
