package dev.chimera.storage.jobs;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import java.util.Objects;
import java.util.Optional;

/** Optional restrictions for listing a tenant's jobs. */
public record JobFilter(Optional<JobStatus> status, Optional<JobKind> kind) {

    public JobFilter {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
    }

    /** Every job of the tenant. */
    public static JobFilter all() {
        return new JobFilter(Optional.empty(), Optional.empty());
    }

    /** Only jobs in this status. */
    public JobFilter withStatus(JobStatus status) {
        return new JobFilter(Optional.of(status), kind);
    }

    /** Only jobs of this kind. */
    public JobFilter withKind(JobKind kind) {
        return new JobFilter(status, Optional.of(kind));
    }
}
