package dev.chimera.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.chimera.gateway.support.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class AdminTest {

    private static final String ADMIN = "Bearer " + Gateway.ADMIN_KEY;

    @Test
    void theAdminKeyCreatesATenantAndAKeyThatWorksAtOnce() {
        String id = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"name\":\"Acme\"}")
                .post("/api/v1/admin/tenants").then().statusCode(201).body("id", equalTo(id));
        String key = given().header("Authorization", ADMIN).post("/api/v1/admin/tenants/" + id + "/keys")
                .then().statusCode(201).body("tenantId", equalTo(id)).body("key", startsWith("chk_"))
                .extract().path("key");

        given().header("X-API-Key", key).get("/api/v1/jobs").then().statusCode(200);
    }

    @Test
    void adminRoutesRefuseAMissingOrWrongKey() {
        given().contentType("application/json").body("{\"id\":\"x\",\"name\":\"X\"}")
                .post("/api/v1/admin/tenants").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").post("/api/v1/admin/tenants/x/keys")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aTenantKeyIsNotAnAdminKey() {
        Gateway.TenantKey tenant = Gateway.newTenant();
        given().header("Authorization", "Bearer " + tenant.key())
                .post("/api/v1/admin/tenants/" + tenant.id() + "/keys").then().statusCode(401);
    }

    @Test
    void aKeyForAnUnknownTenantIsNotFoundAndABadTenantIdIsRefused() {
        given().header("Authorization", ADMIN).post("/api/v1/admin/tenants/no-such-tenant-" + UUID.randomUUID()
                .toString().substring(0, 8) + "/keys").then().statusCode(404).body("code", equalTo("not_found"));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"id\":\"Not Valid!\",\"name\":\"\"}")
                .post("/api/v1/admin/tenants").then().statusCode(422)
                .body("problems.field", hasItem("id")).body("problems.field", hasItem("name"));
    }

    @Test
    void theAdminSetsATenantsQuotaAndPriorityCeilingAndReadsThemBack() {
        Gateway.TenantKey tenant = Gateway.newTenant();
        String limits = "/api/v1/admin/tenants/" + tenant.id() + "/limits";
        given().header("Authorization", ADMIN).get(limits).then().statusCode(200)
                .body("priorityCeiling", equalTo(0)).body("maxConcurrentPerKind", nullValue());

        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"maxConcurrentPerKind\":3,\"priorityCeiling\":20}").put(limits)
                .then().statusCode(200).body("maxConcurrentPerKind", equalTo(3)).body("priorityCeiling", equalTo(20));
        given().header("Authorization", ADMIN).get(limits).then().statusCode(200)
                .body("maxConcurrentPerKind", equalTo(3)).body("priorityCeiling", equalTo(20));

        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"maxConcurrentPerKind\":-1,\"priorityCeiling\":1000}").put(limits)
                .then().statusCode(422).body("problems.field", hasItem("maxConcurrentPerKind"))
                .body("problems.field", hasItem("priorityCeiling"));
        given().header("Authorization", "Bearer " + tenant.key()).get(limits).then().statusCode(401);
    }
}
