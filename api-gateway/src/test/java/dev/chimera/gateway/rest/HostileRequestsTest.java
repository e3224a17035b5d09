package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.RawHttp;
import dev.chimera.gateway.support.TestImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Requests made to break the gateway get a 4xx problem+json, never a 500 or an empty answer. */
@QuarkusTest
@Tag("integration")
class HostileRequestsTest {

    @TestHTTPResource("/")
    URL gateway;

    private TenantKey tenant;

    @BeforeEach
    void newTenant() {
        tenant = Gateway.newTenant();
    }

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aForgedListCursorFarInTheFutureIs400() {
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "+294277-01-01T00:00:00Z|00000000-0000-0000-0000-000000000000".getBytes(StandardCharsets.UTF_8));
        as(tenant).queryParam("cursor", forged).get("/api/v1/jobs").then()
                .statusCode(400).contentType("application/problem+json")
                .body("problems[0].field", equalTo("cursor"));
    }

    @Test
    void jsonWithADuplicateKeyOrTrailingDataIsRefused() {
        given().contentType("application/json").body("{\"kind\":\"morphing\",\"kind\":\"transfer\"}")
                .post("/api/v1/params/validate").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_json"));
        given().contentType("application/json").body("{\"kind\":\"morphing\"} xyz")
                .post("/api/v1/params/validate").then()
                .statusCode(400).body("code", equalTo("invalid_json"));
        as(tenant).multiPart("kind", "morphing").multiPart("params", "{\"frames\":2} xyz")
                .multiPart("imageA", "a.png", TestImages.png(40), "image/png")
                .multiPart("imageB", "b.png", TestImages.png(41), "image/png")
                .post("/api/v1/jobs").then()
                .statusCode(422).body("code", equalTo("wrong_type"));
    }

    @Test
    void aJsonBodyOverItsLimitIsRefusedUnreadAndAChunkedOneMustDeclareItsLength() throws Exception {
        try (RawHttp client = RawHttp.connect(gateway, Duration.ofSeconds(20))) {
            String answer = client.send("POST /api/v1/params/validate HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{").answer();
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"payload_too_large\""), answer);
        }
        try (RawHttp client = RawHttp.connect(gateway, Duration.ofSeconds(20))) {
            String answer = client.send("POST /api/v1/params/validate HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n").answer();
            assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
            assertTrue(answer.contains("\"code\":\"length_required\""), answer);
        }
    }

    @Test
    void anOverLongUriAndOverLargeHeadersAreProblems() {
        as(tenant).queryParam("status", "x".repeat(9_000)).get("/api/v1/jobs").then()
                .statusCode(414).contentType("application/problem+json").body("code", equalTo("uri_too_long"));
        as(tenant).header("X-Padding", "y".repeat(20_000)).get("/api/v1/jobs").then()
                .statusCode(431).contentType("application/problem+json").body("code", equalTo("headers_too_large"));
    }

    @Test
    void serverSentEventsCarryNoContentTypeLine() throws Exception {
        String id = Gateway.morphing(tenant, 41).post("/api/v1/jobs").then().statusCode(202).extract().path("id");
        try (RawHttp client = RawHttp.connect(gateway, Duration.ofSeconds(20))) {
            client.send("GET /api/v1/jobs/" + id + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream"
                    + "\r\nAuthorization: Bearer " + tenant.key() + "\r\n\r\n");
            String head = client.answer();
            assertTrue(head.contains("text/event-stream"), head);
            String frames = client.readUntil("event:job");
            assertTrue(frames.contains("data:{"), frames);
            assertFalse(frames.toLowerCase().contains("content-type:"), frames);
        }
    }

    @Test
    void downloadsAreNosniffAttachmentsTypedByTheirName() {
        String id = Gateway.morphing(tenant, 42).post("/api/v1/jobs").then().statusCode(202).extract().path("id");
        as(tenant).get("/api/v1/jobs/" + id + "/inputs/imageA").then()
                .statusCode(200)
                .contentType("image/png")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-imageA.png\"");
        as(tenant).get("/api/v1/jobs/" + id + "/results/none.png").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void thePresignedInputUrlsOfTheJobAreServedByS3AsAttachmentsTypedByTheirName() {
        String id = Gateway.morphing(tenant, 43).post("/api/v1/jobs").then().statusCode(202).extract().path("id");
        String url = as(tenant).get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("inputs.imageB");

        given().urlEncodingEnabled(false).get(url).then()
                .statusCode(200)
                .contentType("image/png")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-imageB.png\"");
    }

    @Test
    void onlyAnAllowedOriginMayCallTheApiFromABrowser() {
        as(tenant).header("Origin", "https://app.example.test").get("/api/v1/jobs").then()
                .statusCode(200).header("Access-Control-Allow-Origin", "https://app.example.test");
        as(tenant).header("Origin", "https://evil.example.test").get("/api/v1/jobs").then()
                .statusCode(not(equalTo(200)))
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aBodyBelongsToNoOneWithoutAKey() {
        given().multiPart("kind", "morphing").post("/api/v1/jobs").then()
                .statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }
}
