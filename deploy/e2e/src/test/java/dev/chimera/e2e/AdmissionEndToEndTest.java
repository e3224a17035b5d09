package dev.chimera.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.e2e.support.ChimeraApi;
import dev.chimera.e2e.support.RunningStack;
import dev.chimera.e2e.support.Submissions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Admission through the API: a tenant's quota and priority ceiling decide which of its transfer jobs is admitted
 * (the shared stack runs no transfer worker, so admitted jobs stay admitted), waiting jobs say why and where they
 * stand, and all of it holds across a scheduler killed and started again, because admission reads only PostgreSQL.
 */
@Tag("integration")
class AdmissionEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static RunningStack stack;
    private ChimeraApi tenant;
    private List<String> jobs = List.of();

    @BeforeAll
    static void startStack() {
        stack = RunningStack.shared();
    }

    @AfterEach
    void cancelJobs() {
        jobs.forEach(id -> tenant.cancel(id));
    }

    @Test
    void aTenantsQuotaAndPriorityCeilingHoldAcrossASchedulerRestart() {
        tenant = stack.newTenant();
        stack.setLimits(tenant.tenantId(), 1, 5);
        String first = tenant.submitted(Submissions.transfer(), 0);
        jobs = List.of(first);
        Awaitility.await().atMost(TIMEOUT).until(() -> tenant.job(first).path("queuePosition").asLong(-1) == 0
                && !tenant.job(first).has("queueReason"));
        String second = tenant.submitted(Submissions.transfer(), 0);
        String atCeiling = tenant.submitted(Submissions.transfer(), 5);
        // Asks for more than the ceiling: runs at 5, so after the older job of priority 5.
        String pushy = tenant.submitted(Submissions.transfer(), 9);
        jobs = List.of(first, second, atCeiling, pushy);

        awaitWaiting(List.of(atCeiling, pushy, second));
        assertAdmitted(first);

        stack.scheduler().kill();
        String late = tenant.submitted(Submissions.transfer(), 1);
        jobs = List.of(first, second, atCeiling, pushy, late);
        stack.scheduler().start();

        awaitWaiting(List.of(atCeiling, pushy, late, second));
        assertAdmitted(first);
    }

    // The jobs wait for their tenant's quota, in this order, once the (new) scheduler's admission pass saw them. Other
    // tests' transfer jobs may wait in the same queue, so positions are compared, not counted.
    private void awaitWaiting(List<String> inOrder) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            long previous = -1;
            for (String id : inOrder) {
                JsonNode job = tenant.job(id);
                long position = job.path("queuePosition").asLong(-1);
                if (!"tenant_quota".equals(job.path("queueReason").asText()) || position <= previous) {
                    return false;
                }
                previous = position;
            }
            return true;
        });
    }

    private void assertAdmitted(String id) {
        JsonNode job = tenant.job(id);
        assertEquals("queued", job.path("status").asText(), job.toString());
        assertEquals(0, job.path("queuePosition").asLong(-1), job.toString());
        assertFalse(job.has("queueReason"), "an admitted job waits for a worker, not for admission: " + job);
    }
}
