package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.StoredNothing;
import dev.chimera.gateway.support.TestImages;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.objects.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A submit of a method no live worker serves is refused before anything is stored, unless its pool scales from zero
 * (the test profile lists splice, clvae and crossbreed; no worker implements cross-image-attention).
 */
@Tag("integration")
@QuarkusTest
class MethodAvailabilityTest {

    @Inject
    JobQueries jobs;

    @Inject
    ObjectStore objects;

    private TenantKey tenant;

    @BeforeEach
    void newTenant() {
        tenant = Gateway.newTenant();
    }

    @AfterEach
    void cancelLeftovers() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aMethodNoWorkerServesIsRefusedWith422MethodUnavailableAndNothingIsStored() {
        StoredNothing storedNothing = StoredNothing.snapshot(jobs, objects);

        as(tenant)
                .multiPart("kind", "transfer")
                .multiPart("method", "cross-image-attention")
                .multiPart("params", "{\"domain\": \"cat\"}")
                .multiPart("structure", "s.png", TestImages.png(32), "image/png")
                .multiPart("appearance", "a.png", TestImages.png(33), "image/png")
                .post("/api/v1/jobs")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("method_unavailable"))
                .body("detail", containsString("cross-image-attention"))
                .body("problems[0].code", equalTo("method_unavailable"))
                .body("problems[0].field", equalTo("method"));

        storedNothing.assertNothingStoredFor(tenant.id());
    }

    @Test
    void aMethodWhosePoolScalesFromZeroIsAccepted() {
        as(tenant)
                .multiPart("kind", "transfer")
                .multiPart("method", "splice")
                .multiPart("structure", "s.png", TestImages.png(34), "image/png")
                .multiPart("appearance", "a.png", TestImages.png(35), "image/png")
                .post("/api/v1/jobs")
                .then().statusCode(202)
                .body("method", equalTo("splice"))
                .body("status", equalTo("queued"));
    }
}
