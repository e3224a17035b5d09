package dev.chimera.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class WebPageFilesTest {

    @Test
    void thePagesScriptsAreRevalidatedOnEveryLoadSoANewReleaseIsNeverMixedWithOldOnes() {
        String lastModified = given().get("/job-text.js").then().statusCode(200)
                .header("Cache-Control", containsString("max-age=0"))
                .body(containsString("export function trainingText"))
                .extract().header("Last-Modified");

        given().header("If-Modified-Since", lastModified).get("/job-text.js").then().statusCode(304);
    }

    @Test
    void theJobDetailHasAPlaceForTheLiveTrainingPreview() {
        given().get("/").then().statusCode(200).body(containsString("id=\"detail-preview\""));
    }
}
