package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.e2e.support.ApiResponse;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.SlowUpload;
import dev.chimera.e2e.support.Submissions;
import dev.chimera.storage.objects.ObjectInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slow clients next to normal traffic (issue 14, finding 1). More submissions than a gateway reads at once trickle
 * in a few bytes a second from several tenants; meanwhile another tenant's health, list, poll and submit calls are
 * each answered within {@link #CLIENT_TIMEOUT}, far less than the hours the slow bodies would take. Every slow
 * upload ends with a problem+json answer (408 cut for its pace, 503 over the gateway's cap, 429 over its tenant's),
 * and nothing is stored for any of them.
 */
@Tag("integration")
class SlowClientsEndToEndTest {

    // 25 slow uploads: more than the gateway's cap (CHIMERA_UPLOADS_MAX_CONCURRENT, 16), and one more per tenant than
    // the tenant's cap (CHIMERA_UPLOADS_MAX_CONCURRENT_PER_TENANT, 4).
    private static final int SLOW_TENANTS = 5;
    private static final int SLOW_UPLOADS_PER_TENANT = 5;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ROUND = Duration.ofSeconds(1);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String SHORT_MORPH = "{\"frames\": 2}";
    private static final Map<Integer, String> ENDINGS = Map.of(408, "request_timeout", 429, "too_many_uploads",
            503, "gateway_busy");

    private static RunningStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
    }

    @Test
    void slowUploadsAreCutOrRefusedWhileOtherClientsAreAnsweredAndNothingIsStoredForThem() {
        ChimeraApi client = stack.newTenant().withTimeout(CLIENT_TIMEOUT);
        String polled = client.submitted(Submissions.morphing(SHORT_MORPH));
        List<ChimeraApi> slowTenants = new ArrayList<>();
        for (int i = 0; i < SLOW_TENANTS; i++) {
            slowTenants.add(stack.newTenant());
        }
        Set<String> inputsBefore = storedInputs();

        List<String> accepted = new ArrayList<>(List.of(polled));
        List<ApiResponse> slowAnswers = new ArrayList<>();
        ScheduledExecutorService trickler = Executors.newScheduledThreadPool(2);
        List<SlowUpload> uploads = new ArrayList<>();
        try {
            for (ChimeraApi tenant : slowTenants) {
                for (int i = 0; i < SLOW_UPLOADS_PER_TENANT; i++) {
                    uploads.add(SlowUpload.start(stack.gatewayUrl(), tenant.apiKey(), trickler));
                }
            }
            CompletableFuture<Void> allAnswered = CompletableFuture.allOf(uploads.stream()
                    .map(SlowUpload::answer).toArray(CompletableFuture[]::new));
            accepted.addAll(normalTrafficUntil(allAnswered, client, polled));
            uploads.forEach(upload -> slowAnswers.add(upload.answer().join()));
        } finally {
            uploads.forEach(SlowUpload::close);
            trickler.shutdownNow();
        }

        for (ApiResponse answer : slowAnswers) {
            assertTrue(isProblem(answer, ENDINGS.get(answer.status())), "a slow upload's answer: " + describe(answer));
        }
        assertTrue(slowAnswers.stream().anyMatch(answer -> answer.status() == 503),
                "the gateway's cap was reached: " + statuses(slowAnswers));
        assertTrue(slowAnswers.stream().anyMatch(answer -> answer.status() == 408),
                "the admitted slow uploads were cut for their pace: " + statuses(slowAnswers));
        accepted.add(client.submitted(Submissions.morphing(SHORT_MORPH)));

        for (ChimeraApi tenant : slowTenants) {
            assertEquals(0, tenant.list("limit=100").expect(200).json().path("items").size(),
                    "no job for a slow upload of " + tenant.tenantId());
        }
        Set<String> newInputs = new HashSet<>(storedInputs());
        newInputs.removeAll(inputsBefore);
        Set<String> jobsWithNewInputs = newInputs.stream().map(key -> key.split("/")[1]).collect(Collectors.toSet());
        assertTrue(accepted.containsAll(jobsWithNewInputs), "inputs were stored only for accepted jobs: " + newInputs);
        for (String id : accepted) {
            client.withTimeout(Duration.ofSeconds(30)).awaitStatus(id, "succeeded", JOB_TIMEOUT);
        }
    }

    /**
     * A normal client's calls, a round every {@link #ROUND}, until {@code slowUploadsEnded}: health, a list and a
     * poll answered 200 each round, and a submit, unless a Retry-After asked to wait, answered 202 or told the gateway
     * is busy. Returns the ids of the jobs it submitted.
     */
    private static List<String> normalTrafficUntil(CompletableFuture<Void> slowUploadsEnded, ChimeraApi client,
                                                   String polled) {
        List<String> submitted = new ArrayList<>();
        Instant nextSubmit = Instant.now();
        while (!slowUploadsEnded.isDone()) {
            Instant nextRound = Instant.now().plus(ROUND);
            assertEquals(200, client.health().status(), "health");
            assertEquals(200, client.list("limit=5").status(), "list");
            assertEquals(200, client.get(polled).status(), "poll");
            if (!Instant.now().isBefore(nextSubmit)) {
                ApiResponse submit = client.submit(Submissions.morphing(SHORT_MORPH));
                if (submit.status() == 202) {
                    submitted.add(submit.json().path("id").asText());
                } else {
                    assertTrue(isProblem(submit, "gateway_busy"),
                            "a submit beside the slow uploads: " + describe(submit));
                    nextSubmit = Instant.now().plusSeconds(Long.parseLong(submit.header("Retry-After").orElseThrow()));
                }
            }
            pauseUntil(nextRound);
        }
        return submitted;
    }

    private static boolean isProblem(ApiResponse answer, String code) {
        boolean retryAfter = answer.status() == 408 || answer.header("Retry-After").isPresent();
        return code != null && retryAfter
                && answer.header("Content-Type").orElse("").startsWith("application/problem+json")
                && answer.json().path("code").asText().equals(code);
    }

    private static Set<String> storedInputs() {
        return stack.objects().list("inputs/").stream().map(ObjectInfo::key).collect(Collectors.toSet());
    }

    // The slow uploads are the scenario: the normal client makes a round of calls every ROUND while they last.
    private static void pauseUntil(Instant next) {
        long millis = Duration.between(Instant.now(), next).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<Integer, Long> statuses(List<ApiResponse> answers) {
        return answers.stream().collect(Collectors.groupingBy(ApiResponse::status, Collectors.counting()));
    }

    private static String describe(ApiResponse answer) {
        return answer.status() + " " + answer.header("Retry-After").orElse("-") + " " + answer.body();
    }
}
