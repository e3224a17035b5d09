package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.StoredNothing;
import dev.chimera.gateway.support.TestImages;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.objects.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every bad input gets a 4xx problem+json with its code, and nothing is stored for it. */
@QuarkusTest
@Tag("integration")
class BadSubmissionTest {

    @Inject
    JobQueries jobs;

    @Inject
    ObjectStore objects;

    private TenantKey tenant;
    private StoredNothing storedNothing;

    @BeforeEach
    void snapshot() {
        tenant = Gateway.newTenant();
        storedNothing = StoredNothing.snapshot(jobs, objects);
    }

    @AfterEach
    void nothingWasStored() {
        storedNothing.assertNothingStoredFor(tenant.id());
    }

    private static ValidatableResponse refused(RequestSpecification request, int status, String code) {
        return request.post("/api/v1/jobs").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code));
    }

    private RequestSpecification morphingWith(byte[] imageA) {
        return as(tenant).multiPart("kind", "morphing")
                .multiPart("imageA", "a.png", imageA, "image/png")
                .multiPart("imageB", "b.png", TestImages.png(2), "image/png");
    }

    @Test
    void refusesAMissingImageRole() {
        refused(as(tenant).multiPart("kind", "morphing")
                .multiPart("imageA", "a.png", TestImages.png(1), "image/png"), 422, "missing_input")
                .body("problems.field", hasItem("inputs.imageB"));
    }

    @Test
    void refusesAnImageUnderARoleTheMethodDoesNotTake() {
        refused(Gateway.morphing(tenant, 1).multiPart("style", "s.png", TestImages.png(3), "image/png"),
                422, "unexpected_input")
                .body("problems.field", hasItem("inputs.style"));
    }

    @Test
    void refusesAFileThatIsNotAnImage() {
        refused(morphingWith("just some text, not pixels".getBytes()), 422, "not_an_image")
                .body("problems.field", hasItem("inputs.imageA"));
    }

    @Test
    void refusesATruncatedImage() {
        refused(morphingWith(TestImages.truncatedPng()), 422, "truncated_image");
    }

    @Test
    void refusesAnImageWhoseHeaderDeclaresTooManyPixelsBeforeDecodingIt() {
        refused(morphingWith(TestImages.pngDeclaring(5000, 5000)), 422, "image_too_large")
                .body("problems.code", hasItem("image_too_large"));
    }

    @Test
    void refusesAFileLargerThanTheUploadLimitWith413() {
        refused(morphingWith(TestImages.oversizeUpload(300_000)), 413, "payload_too_large")
                .body("problems.code", hasItem("upload_too_large"));
    }

    @Test
    void refusesARequestLargerThanTheBodyLimitWithOurProblemJson() {
        refused(morphingWith(TestImages.oversizeUpload(1_200_000)), 413, "payload_too_large");
    }

    @Test
    void refusesAnUnknownKind() {
        refused(as(tenant).multiPart("kind", "painting")
                .multiPart("imageA", "a.png", TestImages.png(1), "image/png"), 422, "unknown_kind");
    }

    @Test
    void refusesAnUnknownMethod() {
        refused(Gateway.morphing(tenant, 1).multiPart("method", "telepathy"), 422, "unknown_method");
    }

    @Test
    void refusesAMethodOfAnotherKind() {
        refused(Gateway.morphing(tenant, 1).multiPart("method", "clvae"), 422, "method_not_for_kind");
    }

    @Test
    void listsEveryOutOfRangeParameter() {
        refused(as(tenant).multiPart("kind", "morphing")
                .multiPart("params", "{\"frames\": 1000, \"tau\": 7, \"colour\": \"red\"}")
                .multiPart("imageA", "a.png", TestImages.png(1), "image/png")
                .multiPart("imageB", "b.png", TestImages.png(2), "image/png"), 422, "out_of_range")
                .body("problems.field", hasItems("params.frames", "params.tau", "params.colour"))
                .body("problems.code", hasItems("out_of_range", "unknown_field"));
    }

    @Test
    void refusesParamsThatAreNotJson() {
        refused(morphingWith(TestImages.png(1)).multiPart("params", "{frames: "), 422, "wrong_type")
                .body("problems.field", hasItem("params"));
    }

    @Test
    void refusesAFieldSentTwice() {
        refused(Gateway.morphing(tenant, 1).multiPart("params", "{}"), 422, "invalid_value")
                .body("problems.field", hasItem("params"));
    }

    @Test
    void reportsImageAndParameterProblemsTogether() {
        refused(as(tenant).multiPart("kind", "morphing")
                .multiPart("params", "{\"frames\": 0}")
                .multiPart("imageA", "a.png", TestImages.truncatedPng(), "image/png"), 422, "out_of_range")
                .body("problems.code", containsInAnyOrder("out_of_range", "missing_input", "truncated_image"));
    }

    @Test
    void refusesABodyThatIsNotMultipartWith415() {
        refused(as(tenant).contentType("application/json").body("{\"kind\":\"morphing\"}"),
                415, "unsupported_media_type");
    }

    @Test
    void refusesARequestWithoutAnApiKeyWith401() {
        refused(given().multiPart("kind", "morphing"), 401, "unauthorized");
    }

    @Test
    void refusesAnUnknownApiKeyWith401() {
        refused(given().header("X-API-Key", "chk_not-a-key").multiPart("kind", "morphing"), 401, "unauthorized");
    }
}
