package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chimera.contract.JobKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The order admission takes waiting jobs in (priority, then tenants taking turns, then age) and which of them a pass
 * admits under quotas and the dispatch budget.
 */
class AdmissionPlanTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final AdmissionPolicy ROOMY = new AdmissionPolicy(100, 100, 0);

    private final List<QueueOrder.QueuedJob> queued = new ArrayList<>();
    private final Map<QueueOrder.Slots, Integer> held = new HashMap<>();
    private int submitted;

    @Test
    void tenantsTakeTurnsAmongJobsOfEqualPriorityThenOlderFirst() {
        UUID a1 = waiting("a", 0);
        UUID a2 = waiting("a", 0);
        UUID a3 = waiting("a", 0);
        UUID b1 = waiting("b", 0);
        UUID c1 = waiting("c", 0);

        assertEquals(List.of(a1, b1, c1, a2, a3), order());
    }

    @Test
    void aTenantsTurnCountsTheSlotsItHolds() {
        held.put(new QueueOrder.Slots(JobKind.MORPHING, "a"), 2);
        UUID a1 = waiting("a", 0);
        UUID b1 = waiting("b", 0);
        UUID b2 = waiting("b", 0);
        UUID b3 = waiting("b", 0);

        assertEquals(List.of(b1, b2, a1, b3), order(), "a's first job takes the turn after its two running ones");
    }

    @Test
    void aHigherPriorityRunsFirstWhateverItsTenantsTurn() {
        UUID a1 = waiting("a", 0);
        UUID b1 = waiting("b", 0);
        UUID b2 = waiting("b", 5);

        assertEquals(List.of(b2, a1, b1), order());
    }

    @Test
    void theLastTenantToSubmitWaitsOnlyForTheJobsAlreadyTakingTheirTurn() {
        for (int i = 0; i < 200; i++) {
            waiting("a", 0);
        }
        held.put(new QueueOrder.Slots(JobKind.MORPHING, "a"), 2);
        UUID b1 = waiting("b", 0);

        assertEquals(0L, queue().positionOf(b1, JobKind.MORPHING, false));
    }

    @Test
    void aTenantAtItsQuotaWaitsAndLetsTheJobsBehindItPass() {
        held.put(new QueueOrder.Slots(JobKind.MORPHING, "a"), 1);
        waiting("a", 0);
        UUID b1 = waiting("b", 0);

        AdmissionPlan plan = AdmissionPlan.of(queue(), ROOMY, tenant -> tenant.equals("a") ? 1 : 10, kind -> 1);

        assertEquals(List.of(b1), plan.admitted());
        assertEquals(Map.of(JobKind.MORPHING, Set.of("a")), plan.tenantsAtQuota());
    }

    @Test
    void aTenantThatFillsItsQuotaInAPassWaitsForItsQuotaAfterward() {
        UUID a1 = waiting("a", 0);
        waiting("a", 0);

        AdmissionPlan plan = AdmissionPlan.of(queue(), ROOMY, tenant -> 1, kind -> 1);

        assertEquals(List.of(a1), plan.admitted());
        assertEquals(Set.of("a"), plan.tenantsAtQuota().get(JobKind.MORPHING));
    }

    @Test
    void theDispatchBudgetIsAFewOrdersPerLiveWorkerLessTheOrdersAlreadyWaiting() {
        queued.add(new QueueOrder.QueuedJob(JobKind.MORPHING, "c", 0, START, UUID.randomUUID(), true));
        UUID a1 = waiting("a", 0);
        UUID b1 = waiting("b", 0);
        UUID a2 = waiting("a", 0);
        waiting("b", 0);

        AdmissionPlan plan = AdmissionPlan.of(queue(), new AdmissionPolicy(10, 2, 1), tenant -> 10, kind -> 2);

        assertEquals(List.of(a1, b1, a2), plan.admitted(), "two workers take four orders, one is on its way");
        assertEquals(Map.of(), plan.tenantsAtQuota(), "the others wait for capacity");
    }

    @Test
    void busyWorkersLeaveNoRoomForOrdersSoALaterTenantIsNextForTheFirstWorkerToFinish() {
        held.put(new QueueOrder.Slots(JobKind.MORPHING, "a"), 2);
        UUID a3 = waiting("a", 0);
        AdmissionPolicy oneJobPerWorker = new AdmissionPolicy(10, 1, 0);

        assertEquals(List.of(), AdmissionPlan.of(queue(), oneJobPerWorker, tenant -> 10, kind -> 2).admitted(),
                "both workers run one of a's jobs");
        held.put(new QueueOrder.Slots(JobKind.MORPHING, "a"), 1);
        UUID b1 = waiting("b", 0);

        assertEquals(List.of(b1), AdmissionPlan.of(queue(), oneJobPerWorker, tenant -> 10, kind -> 2).admitted(),
                "one worker is free: b, holding no slot, goes before a's third job " + a3);
    }

    @Test
    void aKindWithoutLiveWorkersStillGetsTheMinimumOfOrders() {
        UUID a1 = waiting("a", 0);
        waiting("a", 0);

        AdmissionPlan plan = AdmissionPlan.of(queue(), new AdmissionPolicy(10, 2, 1), tenant -> 10, kind -> 0);

        assertEquals(List.of(a1), plan.admitted());
    }

    @Test
    void anAdmittedJobIsAtTheHeadOfTheQueueAndAJobReadLaterAtItsEnd() {
        waiting("a", 0);
        waiting("b", 0);
        QueueOrder queue = queue();

        assertEquals(0L, queue.positionOf(UUID.randomUUID(), JobKind.MORPHING, true));
        assertEquals(2L, queue.positionOf(UUID.randomUUID(), JobKind.MORPHING, false));
    }

    private UUID waiting(String tenant, int priority) {
        UUID id = UUID.randomUUID();
        queued.add(new QueueOrder.QueuedJob(JobKind.MORPHING, tenant, priority, START.plusSeconds(submitted++), id,
                false));
        return id;
    }

    private QueueOrder queue() {
        return QueueOrder.of(queued, held);
    }

    private List<UUID> order() {
        return queue().waiting(JobKind.MORPHING).stream().map(QueueOrder.QueuedJob::id).toList();
    }
}
