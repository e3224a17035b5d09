package dev.chimera.gateway.service;

import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Looks up a job on behalf of a tenant: another tenant's job is indistinguishable from a missing one (404). */
@ApplicationScoped
public class TenantJobs {

    private final JobQueries jobs;

    public TenantJobs(JobQueries jobs) {
        this.jobs = jobs;
    }

    /** The tenant's job with this id; 404 not_found for a malformed id, an unknown job and another tenant's job. */
    public Job find(String tenantId, String id) {
        return jobs.get(tenantId, parse(id)).orElseThrow(() -> RequestRefusedException.notFound("no job " + id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.notFound("no job " + id);
        }
    }
}
