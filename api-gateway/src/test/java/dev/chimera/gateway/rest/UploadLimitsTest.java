package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.chimera.gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Submissions cannot tie the gateway up: a slow body is cut off with a 408, a tenant over its cap of submissions
 * in flight gets a 429 with Retry-After before its body is read, and broken multipart framing is a 400.
 */
@QuarkusTest
@Tag("integration")
class UploadLimitsTest {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    HttpServer server;

    private TenantKey tenant;

    @BeforeEach
    void newTenant() {
        tenant = Gateway.newTenant();
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered408AndItsConnectionClosed() throws Exception {
        try (RawHttp client = RawHttp.connect(gateway, ANSWER_TIMEOUT).startSubmission(tenant.key(), 100_000)) {
            String answer = client.answer();

            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"request_timeout\""), answer);
            assertTrue(client.closedByServer(), "the connection is closed");
        }
    }

    @Test
    void aTenantOverItsCapOfSubmissionsInFlightGets429WithRetryAfterAtOnce() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                slow.add(RawHttp.connect(gateway, ANSWER_TIMEOUT).startSubmission(tenant.key(), 100_000));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> uploadsInFlight() >= 4);

            as(tenant).multiPart("kind", "morphing")
                    .multiPart("imageA", "a.png", dev.chimera.gateway.support.TestImages.png(1), "image/png")
                    .post("/api/v1/jobs").then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("code", equalTo("too_many_uploads"));
        } finally {
            for (RawHttp client : slow) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> uploadsInFlight() == 0);
    }

    @Test
    void anEmptyBodyAWrongBoundaryAndAnUnterminatedPartAre400() throws Exception {
        as(tenant).contentType("multipart/form-data; boundary=xyz").body(new byte[0]).post("/api/v1/jobs").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_multipart")).body("detail", containsString("empty"));
        as(tenant).contentType("multipart/form-data; boundary=xyz")
                .body(bytes("--abc\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmorphing\r\n--abc--\r\n"))
                .post("/api/v1/jobs").then()
                .statusCode(400).body("code", equalTo("malformed_multipart"));
        as(tenant).contentType("multipart/form-data; boundary=xyz")
                .body(bytes("--xyz\r\nContent-Disposition: form-data; name=\"imageA\"; filename=\"a.png\"\r\n\r\nabcdef"))
                .post("/api/v1/jobs").then()
                .statusCode(400).body("code", equalTo("malformed_multipart"))
                .body("detail", containsString("closing boundary"));
    }

    @Test
    void aSubmissionWithAnUnknownKeyIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (RawHttp client = RawHttp.connect(gateway, ANSWER_TIMEOUT).startSubmission("chk_unknown", 100_000)) {
            String answer = client.answer();

            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("\"code\":\"unauthorized\""), answer);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private int uploadsInFlight() {
        String text = given().get(ManagementPort.url(server, "/q/metrics")).then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith("chimera_uploads_in_flight"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .mapToInt(value -> (int) Double.parseDouble(value)).findFirst().orElse(-1);
    }
}
