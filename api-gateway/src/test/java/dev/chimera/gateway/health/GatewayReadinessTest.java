package dev.chimera.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.chimera.gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class GatewayReadinessTest {

    @Inject
    HttpServer server;

    @Test
    void readinessPingsPostgresObjectStorageAndKafka() {
        given().get(ManagementPort.url(server, "/q/health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("postgres", "object-storage", "kafka"));
    }
}
