package dev.chimera.worker.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@Tag("integration")
class WorkerHealthTest {

    @Test
    void livenessEndpointReportsTheServiceUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("gpu-worker"));
    }

    @Test
    void readinessReportsTheRunningWorkLoopAndItsDevice() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'work-loop' }.data.device", startsWith("cpu"))
                .body("checks.find { it.name == 'work-loop' }.data.busy", equalTo(false));
    }
}
