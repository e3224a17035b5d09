package dev.chimera.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class GatewayReadinessTest {

    @TestHTTPResource(value = "/q/health/ready", management = true)
    URL readiness;

    @Test
    void readinessPingsPostgresObjectStorageAndKafka() {
        given().get(readiness).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("postgres", "object-storage", "kafka"));
    }
}
