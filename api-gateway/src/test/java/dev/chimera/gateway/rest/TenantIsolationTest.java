package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class TenantIsolationTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aTenantCannotSeeOrTouchAnotherTenantsJob() {
        TenantKey owner = Gateway.newTenant();
        TenantKey stranger = Gateway.newTenant();
        String id = Gateway.submitMorphing(owner, 60);

        as(stranger).get("/api/v1/jobs/" + id).then().statusCode(404).body("code", equalTo("not_found"));
        as(stranger).get("/api/v1/jobs/" + id + "/events").then().statusCode(404);
        as(stranger).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(404);
        as(stranger).get("/api/v1/jobs").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(owner).get("/api/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("queued"));
    }

    @Test
    void aMalformedJobIdIsNotFound() {
        as(Gateway.newTenant()).get("/api/v1/jobs/not-a-uuid").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }
}
