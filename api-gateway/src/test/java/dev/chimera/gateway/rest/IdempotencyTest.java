package dev.chimera.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.hamcrest.Matchers.equalTo;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class IdempotencyTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void submittingTheSameBodyWithTheSameKeyReturnsTheFirstJob() {
        TenantKey tenant = Gateway.newTenant();
        String key = UUID.randomUUID().toString();
        String first = Gateway.morphing(tenant, 50).header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(202).extract().path("id");

        Gateway.morphing(tenant, 50).header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(200).body("id", equalTo(first)).body("status", equalTo("queued"));
    }

    @Test
    void reusingAKeyForAnotherBodyIsAConflict() {
        TenantKey tenant = Gateway.newTenant();
        String key = UUID.randomUUID().toString();
        Gateway.morphing(tenant, 51).header("Idempotency-Key", key).post("/api/v1/jobs").then().statusCode(202);

        Gateway.morphing(tenant, 52).header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("idempotency_conflict"));
        Gateway.as(tenant).multiPart("kind", "morphing").multiPart("params", "{\"frames\": 9}")
                .multiPart("imageA", "a.png", dev.chimera.gateway.support.TestImages.png(51), "image/png")
                .multiPart("imageB", "b.png", dev.chimera.gateway.support.TestImages.png(52), "image/png")
                .header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(409).body("code", equalTo("idempotency_conflict"));
    }

    @Test
    void anotherTenantsKeyIsItsOwn() {
        TenantKey first = Gateway.newTenant();
        TenantKey second = Gateway.newTenant();
        String key = UUID.randomUUID().toString();
        String firstJob = Gateway.morphing(first, 53).header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(202).extract().path("id");

        String secondJob = Gateway.morphing(second, 53).header("Idempotency-Key", key).post("/api/v1/jobs")
                .then().statusCode(202).extract().path("id");

        assertNotEquals(firstJob, secondJob);
    }
}
