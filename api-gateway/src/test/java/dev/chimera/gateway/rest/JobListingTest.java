package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class JobListingTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void pagesThroughEveryJobNewestFirstFollowingTheNextLinks() {
        TenantKey tenant = Gateway.newTenant();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(Gateway.submitMorphing(tenant, 70 + i));
        }
        Collections.reverse(submitted);

        List<String> listed = new ArrayList<>();
        String next = "/api/v1/jobs?limit=2";
        int pages = 0;
        while (next != null) {
            JsonPath page = as(tenant).get(next).then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("items.id"));
            next = page.getString("next");
            pages++;
        }

        assertEquals(submitted, listed);
        assertEquals(3, pages);
    }

    @Test
    void listItemsCarryTheQueuePositionWhileQueuedAndTheSameOneTheJobShows() {
        TenantKey tenant = Gateway.newTenant();
        String earlier = Gateway.submitMorphing(tenant, 76);
        String later = Gateway.submitMorphing(tenant, 78);
        String canceled = Gateway.submitMorphing(tenant, 80);
        as(tenant).post("/api/v1/jobs/" + canceled + "/cancel").then().statusCode(200);

        JsonPath page = as(tenant).get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
        int earlierPosition = page.getInt("items.find { it.id == '" + earlier + "' }.queuePosition");
        int laterPosition = page.getInt("items.find { it.id == '" + later + "' }.queuePosition");
        assertEquals(earlierPosition + 1, laterPosition);
        assertEquals(earlierPosition, (int) as(tenant).get("/api/v1/jobs/" + earlier).path("queuePosition"));
        assertNull(page.get("items.find { it.id == '" + canceled + "' }.queuePosition"));
    }

    @Test
    void filtersByStatusAndKind() {
        TenantKey tenant = Gateway.newTenant();
        String canceled = Gateway.submitMorphing(tenant, 80);
        String queued = Gateway.submitMorphing(tenant, 82);
        String synthesis = as(tenant).multiPart("kind", "synthesis")
                .multiPart("labelMap", "m.png", TestImages.labelMap(84), "image/png")
                .post("/api/v1/jobs").then().statusCode(202).extract().path("id");
        as(tenant).post("/api/v1/jobs/" + canceled + "/cancel").then().statusCode(200);

        assertEquals(List.of(canceled), listedIds(tenant, "status=canceled"));
        assertEquals(List.of(queued, canceled), listedIds(tenant, "kind=morphing"));
        assertEquals(List.of(synthesis), listedIds(tenant, "kind=synthesis&status=queued"));
        as(tenant).get("/api/v1/jobs?kind=synthesis").then().body("next", nullValue());
    }

    private static List<String> listedIds(TenantKey tenant, String query) {
        return as(tenant).get("/api/v1/jobs?" + query).then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
    }

    @Test
    void refusesAnUnknownFilterABadCursorAndAnOversizePage() {
        TenantKey tenant = Gateway.newTenant();
        as(tenant).get("/api/v1/jobs?status=sleeping").then().statusCode(400).body("code", equalTo("invalid_value"));
        as(tenant).get("/api/v1/jobs?cursor=garbage").then().statusCode(400).body("code", equalTo("invalid_value"));
        as(tenant).get("/api/v1/jobs?limit=1000").then().statusCode(400).body("code", equalTo("out_of_range"));
    }
}
