package dev.chimera.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.empty;

import dev.chimera.gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class CatalogTest {

    @Test
    void methodsShowKindsRolesDefaultsAndBoundsFromTheContract() {
        given().get("/api/v1/methods").then().statusCode(200)
                .body("kinds.kind", hasItems("transfer", "synthesis", "morphing"))
                .body("kinds.find { it.kind == 'morphing' }.defaultMethod", equalTo("crossbreed"))
                .body("kinds.find { it.kind == 'morphing' }.methods[0].inputs.role", hasItems("imageA", "imageB"))
                .body("kinds.find { it.kind == 'morphing' }.methods[0].defaults.frames", equalTo(7))
                .body("kinds.find { it.kind == 'morphing' }.methods[0].bounds.frames.max", equalTo(64))
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'splice' }"
                        + ".bounds.'betas.beta1'.max", equalTo(0.9999f))
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'cross-image-attention' }"
                        + ".required", hasItems("domain"))
                .body("limits.maxUploadBytes", equalTo(200000));
    }

    @Test
    void methodsSayWhetherTheyAreAvailableNow() {
        given().get("/api/v1/methods").then().statusCode(200)
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'cross-image-attention' }"
                        + ".available", equalTo(false))
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'splice' }.available",
                        equalTo(true))
                .body("kinds.find { it.kind == 'synthesis' }.methods[0].available", equalTo(true))
                .body("kinds.find { it.kind == 'morphing' }.methods[0].available", equalTo(true));
    }

    @Test
    void methodsListTheAllowedValuesOfTextChoicesWithTheirDefaults() {
        given().get("/api/v1/methods").then().statusCode(200)
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'splice' }"
                        + ".choices.dinoVariant.values", contains("vit_s16", "vit_s8", "vit_b16", "vit_b8"))
                .body("kinds.find { it.kind == 'transfer' }.methods.find { it.method == 'splice' }"
                        + ".choices.dinoVariant.defaultValue", equalTo("vit_b8"))
                .body("kinds.find { it.kind == 'synthesis' }.methods[0].choices.dataset.values",
                        contains("ade20k", "deepfashion"))
                .body("kinds.find { it.kind == 'synthesis' }.methods[0].choices.dataset.defaultValue",
                        equalTo("ade20k"))
                .body("kinds.find { it.kind == 'morphing' }.methods[0].choices.size()", equalTo(0));
    }

    @Test
    void aValueOutsideTheChoicesIsRefusedNamingEveryAllowedValue() {
        given().contentType("application/json")
                .body("{\"kind\":\"synthesis\",\"params\":{\"dataset\":\"cityscapes\"}}")
                .post("/api/v1/params/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].field", equalTo("params.dataset"))
                .body("problems[0].message", containsString("ade20k, deepfashion"));
    }

    @Test
    void validatingParamsReportsEveryProblemWithTheApisOwnRules() {
        given().contentType("application/json")
                .body("{\"kind\":\"morphing\",\"params\":{\"frames\":1,\"tau\":2}}")
                .post("/api/v1/params/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", hasItems("params.frames", "params.tau"))
                .body("problems.code", hasItems("out_of_range"));
    }

    @Test
    void validParamsComeBackWithTheirDefaults() {
        given().contentType("application/json")
                .body("{\"kind\":\"synthesis\",\"method\":\"clvae\",\"params\":{\"samples\":3}}")
                .post("/api/v1/params/validate").then().statusCode(200)
                .body("valid", equalTo(true))
                .body("problems", empty())
                .body("params.samples", equalTo(3))
                .body("params.dataset", equalTo("ade20k"));
    }

    @Inject
    HttpServer server;

    @Test
    void theOpenApiDescriptionIsServedOnTheManagementPort() {
        given().queryParam("format", "json").get(ManagementPort.url(server, "/q/openapi")).then().statusCode(200)
                .body(containsString("/api/v1/jobs/{id}/cancel"))
                .body(containsString("/api/v1/methods"));
    }
}
