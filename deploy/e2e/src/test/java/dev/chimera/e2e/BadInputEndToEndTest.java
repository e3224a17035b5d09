package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.e2e.support.ApiResponse;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.Multipart;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import dev.chimera.e2e.support.TestImages;
import dev.chimera.storage.objects.ObjectInfo;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input is refused by the gateway process with a 4xx problem+json and its code, and nothing is stored. */
@Tag("integration")
class BadInputEndToEndTest {

    private static RunningStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
    }

    /** A refused submission: the form, the answer's status and code, and the problems' codes it must list. */
    /**
     * A bad submission and how it is refused; {@code recentlyServedStatus} is the status when the answer depends on
     * what ran before on the shared stack (a method whose workers were heard from in the last 5 minutes is a 503 with
     * Retry-After, one never served a 422), otherwise the same as {@code status}.
     */
    record Refusal(Multipart form, int status, int recentlyServedStatus, String code, List<String> problemCodes) {
    }

    static Stream<Arguments> badSubmissions() {
        byte[] a = TestImages.png(1, 64);
        byte[] b = TestImages.png(2, 64);
        return Stream.of(
                refusal("a missing image role",
                        Multipart.form().field("kind", "morphing").png("imageA", a), 422, "missing_input"),
                refusal("an image under a role the method does not take",
                        Submissions.morphing("{}").png("style", b), 422, "unexpected_input"),
                refusal("a file that is not an image",
                        Multipart.form().field("kind", "morphing")
                                .file("imageA", "a.png", "no pixels here".getBytes(), "image/png").png("imageB", b),
                        422, "not_an_image"),
                refusal("a truncated image",
                        Multipart.form().field("kind", "morphing").png("imageA", TestImages.truncatedPng())
                                .png("imageB", b), 422, "truncated_image"),
                refusal("an image whose header declares more pixels than the limit",
                        Multipart.form().field("kind", "morphing").png("imageA", TestImages.pngDeclaring(5000, 5000))
                                .png("imageB", b), 422, "image_too_large"),
                refusal("an image larger than the upload limit",
                        Multipart.form().field("kind", "morphing")
                                .png("imageA", TestImages.oversize(RunningStack.MAX_UPLOAD_BYTES + 100_000))
                                .png("imageB", b), 413, "payload_too_large", "upload_too_large"),
                refusal("a request larger than the body limit",
                        Multipart.form().field("kind", "morphing")
                                .png("imageA", TestImages.oversize(RunningStack.MAX_REQUEST_BYTES + 100_000))
                                .png("imageB", b), 413, "payload_too_large"),
                refusal("an unknown kind",
                        Multipart.form().field("kind", "painting").png("imageA", a), 422, "unknown_kind"),
                refusal("an unknown method",
                        Submissions.morphing("{}").field("method", "telepathy"), 422, "unknown_method"),
                refusal("a method of another kind",
                        Submissions.morphing("{}").field("method", "clvae"), 422, "method_not_for_kind"),
                refusal("a method no worker serves",
                        Multipart.form().field("kind", "transfer").field("method", "cross-image-attention")
                                .field("params", "{\"domain\": \"cat\"}").png("structure", a).png("appearance", b),
                        422, 503, "method_unavailable", "method_unavailable"),
                refusal("out-of-range and unknown params, every one listed",
                        Submissions.morphing("{\"frames\": 1000, \"tau\": 7, \"colour\": \"red\"}"),
                        422, "out_of_range", "out_of_range", "unknown_field"),
                refusal("params that are not JSON",
                        Submissions.morphing("{frames: "), 422, "wrong_type"));
    }

    private static Arguments refusal(String name, Multipart form, int status, String code, String... problemCodes) {
        return refusal(name, form, status, status, code, problemCodes);
    }

    private static Arguments refusal(String name, Multipart form, int status, int recentlyServedStatus, String code,
            String... problemCodes) {
        return Arguments.of(Named.of(name, new Refusal(form, status, recentlyServedStatus, code,
                List.of(problemCodes))));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("badSubmissions")
    void refusesABadSubmissionWithItsCodeAndStoresNothing(Refusal refusal) {
        ChimeraApi tenant = stack.newTenant();
        Set<String> inputsBefore = inputKeys();

        ApiResponse response = tenant.submit(refusal.form());

        if (response.status() != refusal.status()) {
            assertEquals(refusal.recentlyServedStatus(), response.status(), response.body());
            assertTrue(response.header("Retry-After").isPresent(), "Retry-After: " + response.headers());
        }
        assertTrue(response.header("Content-Type").orElse("").startsWith("application/problem+json"),
                "problem+json: " + response.headers());
        JsonNode problem = response.json();
        assertEquals(refusal.code(), problem.path("code").asText(), response.body());
        List<String> listed = new ArrayList<>();
        problem.path("problems").forEach(p -> listed.add(p.path("code").asText()));
        assertTrue(listed.containsAll(refusal.problemCodes()), "problems " + listed + " in " + response.body());
        assertNothingStoredFor(tenant, inputsBefore);
    }

    @Test
    void refusesABodyThatIsNotMultipartWith415() {
        ChimeraApi tenant = stack.newTenant();
        ApiResponse response = ChimeraApi.send(HttpRequest.newBuilder(stack.gatewayUrl().resolve("/api/v1/jobs"))
                .header("Authorization", "Bearer " + tenant.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"morphing\"}")));

        assertEquals(415, response.status(), response.body());
        assertEquals("unsupported_media_type", response.json().path("code").asText());
        assertEquals(0, tenant.list("").expect(200).json().path("items").size());
    }

    @Test
    void refusesASubmissionWithoutAValidApiKeyWith401() {
        ChimeraApi impostor = new ChimeraApi(stack.gatewayUrl(), "nobody", "chk_not-a-key");

        ApiResponse response = impostor.submit(Submissions.morphing("{}"));

        assertEquals(401, response.status(), response.body());
        assertEquals("unauthorized", response.json().path("code").asText());
    }

    private static void assertNothingStoredFor(ChimeraApi tenant, Set<String> inputsBefore) {
        assertEquals(0, tenant.list("").expect(200).json().path("items").size(), "the tenant has no job");
        Set<String> added = inputKeys();
        added.removeAll(inputsBefore);
        for (String key : added) {
            UUID jobId = UUID.fromString(key.split("/")[1]);
            assertTrue(stack.jobs().get(jobId).filter(job -> !job.tenantId().equals(tenant.tenantId())).isPresent(),
                    "new input " + key + " belongs to another tenant's job");
        }
    }

    private static Set<String> inputKeys() {
        return stack.objects().list("inputs/").stream().map(ObjectInfo::key).collect(Collectors.toSet());
    }
}
