package dev.chimera.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerAnnouncement;
import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.storage.jobs.WorkerMethods;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A method whose pool does not scale from zero is accepted while a live worker announces it. Only splice scales from
 * zero here; the test's worker announces crossbreed in the shared database (which can only make crossbreed more
 * available to others) and withdraws it when the test ends.
 */
@Tag("integration")
@QuarkusTest
@TestProfile(LiveWorkerAvailabilityTest.OnlySpliceScalesFromZero.class)
class LiveWorkerAvailabilityTest {

    /** The test configuration with splice as the only method whose pool scales from zero. */
    public static class OnlySpliceScalesFromZero implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chimera.scale-from-zero-methods", "splice");
        }
    }

    @Inject
    WorkerMethods workerMethods;

    private final String worker = "gateway-test-worker-" + UUID.randomUUID();
    private TenantKey tenant;

    @BeforeEach
    void announceCrossbreed() {
        tenant = Gateway.newTenant();
        workerMethods.record(WorkerAnnouncement.serving(worker, List.of(Method.CROSSBREED), Instant.now(),
                Duration.ofMinutes(1)));
    }

    @AfterEach
    void withdraw() {
        workerMethods.record(WorkerAnnouncement.withdrawal(worker, Instant.now()));
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aMethodALiveWorkerAnnouncedIsAcceptedAndShownAvailable() {
        given().get("/api/v1/methods").then().statusCode(200)
                .body("kinds.find { it.kind == 'morphing' }.methods.find { it.method == 'crossbreed' }.available",
                        equalTo(true));

        Gateway.morphing(tenant, 60).post("/api/v1/jobs").then().statusCode(202)
                .body("method", equalTo("crossbreed"));
    }
}
