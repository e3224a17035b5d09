package dev.chimera.worker.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod's deletion cost against a local stand-in for the API server. */
class PodDeletionCostTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String BUSY_PATCH =
            "{\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"1000\"}}}";
    private static final String IDLE_PATCH =
            "{\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"-5\"}}}";

    @TempDir
    Path serviceAccount;

    private FakeApiServer api;
    private Path token;
    private PodDeletionCost cost;

    @BeforeEach
    void start() throws IOException {
        api = FakeApiServer.http();
        token = Files.writeString(serviceAccount.resolve("token"), "first-token\n");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        cost = new PodDeletionCost(api.uri(), "chimera", "chimera-worker-gpu-7f9c", token, client, 1000, -5);
    }

    @AfterEach
    void stop() {
        cost.close();
        api.close();
    }

    private void awaitRequests(int count) {
        await().atMost(TIMEOUT).until(() -> api.requests.size() >= count);
    }

    @Test
    void busyMergePatchesTheDeletionCostAnnotationOfItsOwnPodWithTheServiceAccountToken() {
        cost.busy();

        awaitRequests(1);
        FakeApiServer.Request request = api.last();
        assertEquals("PATCH", request.method());
        assertEquals("/api/v1/namespaces/chimera/pods/chimera-worker-gpu-7f9c", request.path());
        assertEquals("application/merge-patch+json", request.contentType());
        assertEquals("Bearer first-token", request.authorization());
        assertEquals(BUSY_PATCH, request.body());
    }

    @Test
    void idleSetsTheIdleCost() {
        cost.busy();
        awaitRequests(1);
        cost.idle();

        awaitRequests(2);
        assertEquals(IDLE_PATCH, api.last().body());
    }

    @Test
    void readsTheTokenAgainForEveryPatchBecauseTheKubeletRotatesIt() throws IOException {
        cost.busy();
        awaitRequests(1);
        Files.writeString(token, "rotated-token\n");
        cost.idle();

        awaitRequests(2);
        assertEquals("Bearer first-token", api.requests.get(0).authorization());
        assertEquals("Bearer rotated-token", api.requests.get(1).authorization());
    }

    @Test
    void changesQueuedBehindASlowPatchCollapseIntoTheNewest() {
        api.holdAnswers();
        cost.busy();
        awaitRequests(1);
        cost.idle();
        cost.busy();
        cost.idle();
        api.release();
        awaitRequests(2);
        cost.busy();

        awaitRequests(3);
        assertEquals(List.of(BUSY_PATCH, IDLE_PATCH, BUSY_PATCH),
                api.requests.stream().map(FakeApiServer.Request::body).toList());
    }

    @Test
    void aChangeReturnsAtOnceWhileThePatchIsStillWaitingForTheApiServer() {
        api.holdAnswers();
        cost.busy();
        awaitRequests(1);

        assertDoesNotThrow(() -> cost.idle());
        assertEquals(1, api.requests.size(), "the idle change waits behind the unanswered PATCH");
        api.release();
        awaitRequests(2);
    }

    @Test
    void aRefusedPatchDoesNotThrowIntoTheCallerAndTheNextChangeIsSentAgain() {
        api.answer(403);
        assertDoesNotThrow(() -> cost.busy());
        awaitRequests(1);
        api.answer(200);
        cost.idle();

        awaitRequests(2);
        assertEquals(IDLE_PATCH, api.last().body());
    }

    @Test
    void aMissingTokenDoesNotThrowIntoTheCallerAndALaterChangeIsSent() throws IOException {
        Files.delete(token);
        assertDoesNotThrow(() -> cost.busy());
        Files.writeString(token, "new-token");
        cost.idle();

        await().atMost(TIMEOUT).until(() -> api.requests.stream().anyMatch(r -> r.body().equals(IDLE_PATCH)));
        assertEquals("Bearer new-token", api.last().authorization());
    }

    @Test
    void changesAfterCloseAreIgnored() {
        cost.close();

        assertDoesNotThrow(() -> cost.busy());
    }
}
