package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.Results;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Processes die (SIGKILL) at the worst moments and nothing is lost: the lease watchdog re-dispatches a dead worker's
 * job, Kafka keeps what a dead scheduler has not read, and the outbox keeps what a dead gateway has not published.
 * Each test leaves the shared stack running again.
 */
@Tag("integration")
class CrashRecoveryTest {

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    private static RunningStack stack;
    private static ChimeraApi tenant;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
        tenant = stack.newTenant();
    }

    @Test
    void aJobWhoseWorkerIsKilledMidJobIsRedispatchedAndSucceeds() {
        String id = tenant.submitted(Submissions.morphing(Submissions.MEDIUM_MORPH));
        tenant.awaitStatus(id, "running", Duration.ofSeconds(60));

        stack.worker().kill();
        stack.worker().start();

        JsonNode job = tenant.awaitStatus(id, "succeeded", RECOVERY_TIMEOUT);
        assertEquals(2, job.path("attempt").asInt(), "attempt 1 died with its worker: " + job);
        List<String> statuses = statuses(id);
        assertEquals(List.of("queued", "running", "queued", "running", "succeeded"), statuses,
                "timeline: " + tenant.timeline(id).body());
        assertEquals(Submissions.MEDIUM_MORPH_FRAMES, Results.of(job).names("frame-", ".png").size());
        assertTrue(stack.objects().list("results/" + id + "/1/").stream()
                .noneMatch(object -> object.key().endsWith("metadata.json")), "attempt 1 published no result");
    }

    @Test
    void jobsSubmittedAndFinishedWhileTheSchedulerIsDeadSucceedOnceItIsBack() {
        String running = tenant.submitted(Submissions.morphing(Submissions.MEDIUM_MORPH));
        tenant.awaitStatus(running, "running", Duration.ofSeconds(60));

        stack.scheduler().kill();
        String submittedMeanwhile = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
        assertEquals("queued", tenant.job(submittedMeanwhile).path("status").asText());
        stack.scheduler().start();

        // Nothing lost: both end succeeded with every result. (While the new scheduler waits for Kafka to give it
        // the dead one's partitions, its lease watchdog may re-run a job whose success event is still unread.)
        JsonNode first = tenant.awaitStatus(running, "succeeded", RECOVERY_TIMEOUT);
        JsonNode second = tenant.awaitStatus(submittedMeanwhile, "succeeded", RECOVERY_TIMEOUT);
        assertEquals(Submissions.MEDIUM_MORPH_FRAMES, Results.of(first).names("frame-", ".png").size());
        assertEquals(2, Results.of(second).names("frame-", ".png").size());
        assertEquals("succeeded", last(statuses(running)));
        assertEquals("succeeded", last(statuses(submittedMeanwhile)));
    }

    @Test
    void aJobCommittedByAGatewayKilledBeforeItPublishedStillRuns() {
        RunningStack.localStack("stop", "kafka");
        String id;
        try {
            id = tenant.submitted(Submissions.morphing("{\"frames\": 2}"));
            stack.gateway().kill();
        } finally {
            RunningStack.localStack("start", "kafka");
        }
        stack.gateway().start();

        tenant.awaitStatus(id, "succeeded", RECOVERY_TIMEOUT);
        assertEquals(List.of("queued", "running", "succeeded"), statuses(id));
    }

    private static String last(List<String> statuses) {
        return statuses.get(statuses.size() - 1);
    }

    private static List<String> statuses(String id) {
        List<String> statuses = new ArrayList<>();
        tenant.timeline(id).expect(200).json().forEach(entry -> statuses.add(entry.path("status").asText()));
        return statuses;
    }
}
