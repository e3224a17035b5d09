package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Which waiting jobs to admit now, walking each kind's queue in {@link QueueOrder}: a job is admitted while its
 * tenant holds fewer slots of the kind than its quota and the kind's dispatch budget has room; a job of a tenant at
 * its quota waits for {@code tenant_quota} and lets the jobs behind it pass; once the budget is spent every other job
 * waits for {@code capacity}.
 *
 * @param admitted the jobs to admit, in the order taken
 * @param tenantsAtQuota per kind, the tenants whose waiting jobs wait for their quota
 */
public record AdmissionPlan(List<UUID> admitted, Map<JobKind, Set<String>> tenantsAtQuota) {

    /** The reason stored for a job waiting for its tenant's quota. */
    public static final String TENANT_QUOTA = "tenant_quota";
    /** The reason stored for a job waiting for a worker. */
    public static final String CAPACITY = "capacity";

    /**
     * The plan for this queue.
     *
     * @param quota the quota of a tenant, by tenant id
     * @param liveWorkers the live workers serving a kind
     */
    public static AdmissionPlan of(QueueOrder queue, AdmissionPolicy policy, ToIntFunction<String> quota,
            ToIntFunction<JobKind> liveWorkers) {
        List<UUID> admitted = new ArrayList<>();
        Map<JobKind, Set<String>> atQuota = new EnumMap<>(JobKind.class);
        for (JobKind kind : JobKind.values()) {
            int room = policy.budget(liveWorkers.applyAsInt(kind), queue.running(kind)) - queue.inFlight(kind);
            Map<String, Integer> held = new HashMap<>();
            Set<String> full = new HashSet<>();
            for (QueueOrder.QueuedJob job : queue.waiting(kind)) {
                int slots = held.computeIfAbsent(job.tenantId(), tenant -> queue.held(kind, tenant));
                if (slots >= quota.applyAsInt(job.tenantId())) {
                    full.add(job.tenantId());
                } else if (room > 0) {
                    admitted.add(job.id());
                    held.put(job.tenantId(), slots + 1);
                    room--;
                }
            }
            // A tenant whose last slot this pass filled is at its quota too.
            held.forEach((tenant, slots) -> {
                if (slots >= quota.applyAsInt(tenant)) {
                    full.add(tenant);
                }
            });
            if (!full.isEmpty()) {
                atQuota.put(kind, Set.copyOf(full));
            }
        }
        return new AdmissionPlan(List.copyOf(admitted), atQuota);
    }
}
