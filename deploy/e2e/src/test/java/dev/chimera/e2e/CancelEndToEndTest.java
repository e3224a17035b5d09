package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Canceling a queued job ends it at once; canceling a running one stops the worker, which publishes no result. */
@Tag("integration")
class CancelEndToEndTest {

    private static RunningStack stack;
    private static ChimeraApi tenant;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
        tenant = stack.newTenant();
    }

    @Test
    void cancelingAQueuedJobEndsItAtOnceAndASecondCancelIsAConflict() {
        String id = tenant.submitted(Submissions.transfer());

        JsonNode canceled = tenant.cancel(id).expect(200).json();

        assertEquals("canceled", canceled.path("status").asText());
        assertEquals("canceled", tenant.job(id).path("status").asText());
        assertEquals("job_finished", tenant.cancel(id).expect(409).json().path("code").asText());
        assertEquals(List.of("queued", "canceled"), statuses(id));
    }

    @Test
    void cancelingARunningJobStopsTheWorkerWithoutAResult() {
        String id = tenant.submitted(Submissions.morphing(Submissions.LONG_MORPH));
        tenant.awaitStatus(id, "running", Duration.ofSeconds(60));

        assertEquals("canceled", tenant.cancel(id).expect(200).json().path("status").asText());

        Awaitility.await("the worker drops the canceled job").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> !stack.workerBusy());
        JsonNode job = tenant.job(id);
        assertEquals("canceled", job.path("status").asText());
        assertTrue(job.path("results").isMissingNode() || job.path("results").isEmpty(), "no results: " + job);
        assertTrue(stack.objects().list("results/" + id + "/").isEmpty(), "nothing stored under results/" + id);
        assertFalse(statuses(id).contains("succeeded"), "timeline: " + statuses(id));
        String next = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
        tenant.awaitStatus(next, "succeeded", Duration.ofSeconds(60));
    }

    private static List<String> statuses(String id) {
        List<String> statuses = new ArrayList<>();
        tenant.timeline(id).expect(200).json().forEach(entry -> statuses.add(entry.path("status").asText()));
        return statuses;
    }
}
