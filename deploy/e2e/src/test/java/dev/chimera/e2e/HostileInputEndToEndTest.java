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
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inputs of issue 14's findings, which once passed the gateway and then killed the worker or failed late: each
 * is either refused at submit with a 4xx problem+json, or its job ends at once, on its first attempt, succeeded or
 * failed with a deterministic code and a message for users; and the worker lives on to run the next job.
 */
@Tag("integration")
class HostileInputEndToEndTest {

    /** The codes of a job that can never work as submitted: failed at once, never retried. */
    private static final Set<String> DETERMINISTIC = Set.of("unreadable_input", "image_too_small", "input_too_large",
            "out_of_memory");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    private static ChimeraApi tenant;

    @BeforeAll
    static void startStack() {
        tenant = RunningStack.shared().newTenant();
    }

    /** What the gateway answers an input, and how its job ends if it is accepted. */
    record Expected(Set<Integer> submitStatuses, Set<String> endings) {
    }

    static Stream<Arguments> hostileInputs() {
        return Stream.of(
                hostile("a 1×20000 PNG", TestImages.thinPng(20_000, false),
                        new Expected(Set.of(202, 422), Set.of("succeeded", "failed:image_too_small"))),
                hostile("a 20000×1 PNG", TestImages.thinPng(20_000, true),
                        new Expected(Set.of(202, 422), Set.of("succeeded", "failed:image_too_small"))),
                hostile("a lossless WebP", TestImages.losslessWebp(),
                        new Expected(Set.of(202, 422), Set.of("succeeded", "failed:unreadable_input"))),
                hostile("a 12-bit JPEG", TestImages.twelveBitJpeg(),
                        new Expected(Set.of(202, 422), Set.of("failed:unreadable_input"))),
                hostile("a PNG whose deflate stream is corrupt", TestImages.corruptDeflatePng(),
                        new Expected(Set.of(202, 422), Set.of("failed:unreadable_input"))));
    }

    private static Arguments hostile(String name, byte[] image, Expected expected) {
        return Arguments.of(Named.of(name, image), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void aHostileInputIsRefusedAtSubmitOrEndsItsJobAtOnceAndTheWorkerLivesOn(byte[] image, Expected expected) {
        ApiResponse answer = tenant.submit(Multipart.form().field("kind", "morphing")
                .field("params", "{\"frames\": 2}")
                .file("imageA", "hostile", image, "application/octet-stream")
                .png("imageB", TestImages.png(2, Submissions.DEMO_IMAGE_SIZE)));

        assertTrue(expected.submitStatuses().contains(answer.status()), answer.status() + " " + answer.body());
        if (answer.status() == 202) {
            JsonNode job = tenant.awaitStatus(answer.json().path("id").asText(), ChimeraApi.TERMINAL, JOB_TIMEOUT);
            String ending = job.path("status").asText().equals("failed")
                    ? "failed:" + job.path("error").path("code").asText() : job.path("status").asText();
            assertTrue(expected.endings().contains(ending), "ended " + ending + ": " + job);
            assertEquals(1, job.path("attempt").asInt(), "never retried: " + job);
            if (ending.startsWith("failed:")) {
                assertTrue(DETERMINISTIC.contains(job.path("error").path("code").asText()), job.toString());
                assertTrue(!job.path("error").path("message").asText().contains("Exception"),
                        "a message for users, not a Java exception: " + job);
            }
        } else {
            assertTrue(answer.header("Content-Type").orElse("").startsWith("application/problem+json"),
                    answer.body());
        }

        String next = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
        JsonNode after = tenant.awaitStatus(next, "succeeded", JOB_TIMEOUT);
        assertEquals(1, after.path("attempt").asInt(), "the worker ran the next job at once: " + after);
    }
}
