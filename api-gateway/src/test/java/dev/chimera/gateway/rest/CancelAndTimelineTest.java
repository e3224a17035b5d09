package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@Tag("integration")
class CancelAndTimelineTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void cancelingAQueuedJobEndsItAtOnce() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 90);

        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled")).body("finishedAt", notNullValue());
        as(tenant).get("/api/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("canceled"));
    }

    @Test
    void cancelingAnEndedJobIsAConflict() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 91);
        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);

        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("job_finished"));
    }

    @Test
    void theTimelineIsJsonByDefaultAndListsTheSubmissionAndTheCancellationInOrder() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 92);
        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);

        JsonPath timeline = as(tenant).get("/api/v1/jobs/" + id + "/events")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();

        assertEquals(List.of("submitted", "transitioned"), timeline.getList("type", String.class));
        assertEquals(List.of("queued", "canceled"), timeline.getList("status", String.class));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theEventStreamDeliversTheTimelineAndEndsForAnEndedJob() {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 93);
        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);

        String stream = as(tenant).accept("text/event-stream").get("/api/v1/jobs/" + id + "/events")
                .then().statusCode(200).contentType("text/event-stream").extract().asString();

        List<String> events = stream.lines().filter(line -> line.startsWith("event:")).toList();
        assertEquals(List.of("event:timeline", "event:timeline", "event:job"), events);
        assertThat(stream, containsString("\"type\":\"submitted\""));
        assertThat(stream, containsString("\"status\":\"canceled\""));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theEventStreamFollowsAQueuedJobUntilItIsCanceled() throws Exception {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 94);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + tenant.key())
                .build();

        List<String> seen = new ArrayList<>();
        try (Stream<String> lines = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
            Iterator<String> stream = lines.iterator();
            while (stream.hasNext()) {
                String line = stream.next();
                seen.add(line);
                // The queued job is on screen: cancel it now, and the same stream must report the change and end.
                if (line.startsWith("data:") && line.contains("\"status\":\"queued\"") && line.contains("\"kind\"")) {
                    as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);
                }
            }
        }

        String all = String.join("\n", seen);
        assertThat(all, containsString("\"type\":\"submitted\""));
        assertThat(all, containsString("\"status\":\"canceled\""));
        assertEquals(2, seen.stream().filter(line -> line.equals("event:job")).count());
        assertTrue(seen.stream().anyMatch(line -> line.contains("\"status\":\"queued\"")
                && line.contains("\"queuePosition\":")), "the queued snapshot shows the queue position");
    }
}
