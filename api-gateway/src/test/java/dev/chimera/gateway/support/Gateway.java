package dev.chimera.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Requests against the gateway under test: fresh tenants with keys, and job submissions. */
public final class Gateway {

    /** The admin key of the test profile (the local default). */
    public static final String ADMIN_KEY = "chimera-admin-dev";

    private Gateway() {
    }

    // Tenants of the running test, so their jobs can be canceled before a scheduler of another test picks them up.
    private static final List<TenantKey> CREATED = new CopyOnWriteArrayList<>();

    /** Creates a tenant with a unique id through the admin API and returns a new API key of it. */
    public static TenantKey newTenant() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 18);
        given().header("Authorization", "Bearer " + ADMIN_KEY).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"name\":\"Test " + id + "\"}")
                .post("/api/v1/admin/tenants").then().statusCode(201);
        String key = given().header("Authorization", "Bearer " + ADMIN_KEY)
                .post("/api/v1/admin/tenants/" + id + "/keys").then().statusCode(201)
                .extract().path("key");
        TenantKey tenant = new TenantKey(id, key);
        CREATED.add(tenant);
        return tenant;
    }

    /** Cancels every job still queued of the tenants created since the last call: tests leave no work behind. */
    public static void cancelQueuedJobs() {
        for (TenantKey tenant : CREATED) {
            List<String> queued = as(tenant).get("/api/v1/jobs?status=queued&limit=100")
                    .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
            queued.forEach(id -> as(tenant).post("/api/v1/jobs/" + id + "/cancel"));
        }
        CREATED.clear();
    }

    /** A request authenticated as the tenant. */
    public static RequestSpecification as(TenantKey tenant) {
        return given().header("Authorization", "Bearer " + tenant.key());
    }

    /** A morphing submission with two distinct images; {@code seed} varies the images. */
    public static RequestSpecification morphing(TenantKey tenant, int seed) {
        return as(tenant)
                .multiPart("kind", "morphing")
                .multiPart("params", "{\"frames\": 5}")
                .multiPart("imageA", "a.png", TestImages.png(seed), "image/png")
                .multiPart("imageB", "b.png", TestImages.png(seed + 1), "image/png");
    }

    /** Submits a morphing job and returns its id. */
    public static String submitMorphing(TenantKey tenant, int seed) {
        Response response = morphing(tenant, seed).post("/api/v1/jobs");
        response.then().statusCode(202);
        return response.path("id");
    }

    /** A tenant id and one of its API keys. */
    public record TenantKey(String id, String key) {
    }
}
