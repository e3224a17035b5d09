package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class JobSubmissionTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    private TenantKey tenant;

    @BeforeEach
    void newTenant() {
        tenant = Gateway.newTenant();
    }

    @Test
    void acceptsAMorphingJobAndAnswersWithTheQueuedJobResource() {
        Response response = Gateway.morphing(tenant, 10).post("/api/v1/jobs");

        response.then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/"))
                .header("ETag", notNullValue())
                .body("kind", equalTo("morphing"))
                .body("method", equalTo("crossbreed"))
                .body("status", equalTo("queued"))
                .body("attempt", equalTo(1))
                .body("params.frames", equalTo(5))
                .body("params.tau", equalTo(0.3f))
                .body("progress.fraction", equalTo(0.0f))
                .body("queuePosition", greaterThanOrEqualTo(0))
                .body("createdAt", notNullValue())
                .body("inputs", allOf(hasKey("imageA"), hasKey("imageB")))
                .body("inputs.imageA", containsString("X-Amz-Signature"));
    }

    @Test
    void acceptsASynthesisJobWithAStyleImageAndGuidesByStyle() {
        as(tenant)
                .multiPart("kind", "synthesis")
                .multiPart("params", "{\"samples\": 2}")
                .multiPart("labelMap", "map.png", TestImages.labelMap(20), "image/png")
                .multiPart("style", "style.png", TestImages.png(21), "image/png")
                .post("/api/v1/jobs")
                .then().statusCode(202)
                .body("method", equalTo("clvae"))
                .body("params.samples", equalTo(2))
                .body("params.styleGuided", equalTo(true));
    }

    @Test
    void acceptsASynthesisJobWithoutParameters() {
        as(tenant)
                .multiPart("kind", "synthesis")
                .multiPart("labelMap", "map.png", TestImages.labelMap(22), "image/png")
                .post("/api/v1/jobs")
                .then().statusCode(202)
                .body("params.samples", equalTo(4))
                .body("params.styleGuided", equalTo(false));
    }

    @Test
    void acceptsATransferJobWithTheDefaultMethod() {
        as(tenant)
                .multiPart("kind", "transfer")
                .multiPart("structure", "s.png", TestImages.png(30), "image/png")
                .multiPart("appearance", "a.png", TestImages.png(31), "image/png")
                .post("/api/v1/jobs")
                .then().statusCode(202)
                .body("method", equalTo("splice"))
                .body("params.iterations", equalTo(10000));
    }

    @Test
    void aLaterJobOfTheSameKindQueuesBehindAnEarlierOne() {
        String earlier = Gateway.submitMorphing(tenant, 42);
        String later = Gateway.submitMorphing(tenant, 44);

        int earlierPosition = as(tenant).get("/api/v1/jobs/" + earlier).then().statusCode(200)
                .extract().path("queuePosition");
        as(tenant).get("/api/v1/jobs/" + later).then().statusCode(200)
                .body("queuePosition", greaterThanOrEqualTo(earlierPosition + 1));
    }

    @Test
    void pollingWithTheCurrentEtagCostsA304WithARetryAfterHint() {
        String id = Gateway.submitMorphing(tenant, 40);
        Response first = as(tenant).get("/api/v1/jobs/" + id);
        first.then().statusCode(200).header("Retry-After", notNullValue()).body("status", equalTo("queued"));
        String etag = first.header("ETag");

        as(tenant).header("If-None-Match", etag).get("/api/v1/jobs/" + id)
                .then().statusCode(304).header("ETag", equalTo(etag)).header("Retry-After", notNullValue());
        as(tenant).header("If-None-Match", "W/\"something-else\"").get("/api/v1/jobs/" + id)
                .then().statusCode(200);
    }

    @Test
    void theEtagChangesWhenTheJobChanges() {
        String id = Gateway.submitMorphing(tenant, 41);
        String before = as(tenant).get("/api/v1/jobs/" + id).header("ETag");
        as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);

        as(tenant).header("If-None-Match", before).get("/api/v1/jobs/" + id)
                .then().statusCode(200).body("status", equalTo("canceled"))
                .header("Retry-After", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aPollWithTheOldEtagSeesTheQueuePositionMoveWhenAJobAheadLeaves() {
        String ahead = Gateway.submitMorphing(tenant, 45);
        String behind = Gateway.submitMorphing(tenant, 46);
        Response first = as(tenant).get("/api/v1/jobs/" + behind);
        int position = first.then().statusCode(200).extract().path("queuePosition");

        as(tenant).post("/api/v1/jobs/" + ahead + "/cancel").then().statusCode(200);

        as(tenant).header("If-None-Match", first.header("ETag")).get("/api/v1/jobs/" + behind)
                .then().statusCode(200).body("status", equalTo("queued"))
                .body("queuePosition", lessThan(position));
    }

    @Test
    void theJobKeepsTheSha256OfEachInputAsTheClientSentItBesideItsNormalisedCopy() throws NoSuchAlgorithmException {
        byte[] sideways = TestImages.sidewaysJpeg();
        byte[] png = TestImages.png(47);
        String id = as(tenant)
                .multiPart("kind", "morphing")
                .multiPart("imageA", "a.jpg", sideways, "image/jpeg")
                .multiPart("imageB", "b.png", png, "image/png")
                .post("/api/v1/jobs").then().statusCode(202)
                .body("originalSha256.imageA", equalTo(sha256(sideways)))
                .body("originalSha256.imageB", equalTo(sha256(png)))
                .extract().path("id");

        Response job = as(tenant).get("/api/v1/jobs/" + id);
        job.then().statusCode(200)
                .body("originalSha256.imageA", equalTo(sha256(sideways)))
                .body("originalSha256.imageB", equalTo(sha256(png)));
        byte[] stored = RestAssured.given().urlEncodingEnabled(false).get(job.<String>path("inputs.imageA"))
                .then().statusCode(200).extract().asByteArray();
        assertThat("the stored input is the normalised PNG, not the client's JPEG",
                sha256(stored), not(equalTo(sha256(sideways))));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
