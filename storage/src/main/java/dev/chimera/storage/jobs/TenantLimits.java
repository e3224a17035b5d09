package dev.chimera.storage.jobs;

import java.util.Optional;

/**
 * What the admin allows a tenant: at most {@code maxConcurrentPerKind} jobs of each kind admitted or running at once
 * (empty: the scheduler's default), and {@code priorityCeiling}, the highest priority its jobs run with.
 */
public record TenantLimits(String tenantId, Optional<Integer> maxConcurrentPerKind, int priorityCeiling) {

    public TenantLimits {
        if (maxConcurrentPerKind.filter(quota -> quota < 0).isPresent()) {
            throw new IllegalArgumentException("a quota is at least 0: " + maxConcurrentPerKind.get());
        }
    }
}
