package dev.chimera.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.chimera.gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health with its checks on the management port; the public port tells only whether the gateway is up. */
@QuarkusTest
@Tag("integration")
class GatewayHealthTest {

    @Inject
    HttpServer server;

    @Test
    void theManagementPortReportsLivenessWithItsChecks() {
        given().get(ManagementPort.url(server, "/q/health/live")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("api-gateway"));
    }

    @Test
    void thePublicPortReportsLivenessAndReadinessWithoutDetails() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks", nullValue());
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks", nullValue());
    }

    @Test
    void metricsAndTheOpenApiDescriptionAreNotOnThePublicPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/health").then().statusCode(404);
        given().get(ManagementPort.url(server, "/q/metrics")).then().statusCode(200);
    }
}
