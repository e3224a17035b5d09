package dev.chimera.gateway.service;

import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Looks up a job on behalf of a tenant: another tenant's job is indistinguishable from a missing one (404). */
@ApplicationScoped
public class TenantJobs {

    private final JobStore jobs;

    public TenantJobs(JobStore jobs) {
        this.jobs = jobs;
    }

    /** The tenant's job with this id; 404 not_found for a malformed id, an unknown job and another tenant's job. */
    public Job find(String tenantId, String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.notFound("no job " + id);
        }
        return jobs.get(tenantId, jobId).orElseThrow(() -> RequestRefusedException.notFound("no job " + id));
    }
}
