package dev.chimera.gateway.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.jobs.JobFilter;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.objects.ObjectInfo;
import dev.chimera.storage.objects.ObjectStore;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Asserts that a refused request left no trace: no job row of the tenant and no new object under inputs/ except
 * those of jobs other tenants submitted meanwhile (other tests may share the stack).
 */
public final class StoredNothing {

    private final JobQueries jobs;
    private final ObjectStore objects;
    private final Set<String> inputsBefore;

    private StoredNothing(JobQueries jobs, ObjectStore objects) {
        this.jobs = jobs;
        this.objects = objects;
        this.inputsBefore = inputKeys();
    }

    /** Takes the snapshot to compare with. */
    public static StoredNothing snapshot(JobQueries jobs, ObjectStore objects) {
        return new StoredNothing(jobs, objects);
    }

    /** Fails if the tenant has a job or an input object appeared that belongs to no other tenant's job. */
    public void assertNothingStoredFor(String tenantId) {
        assertThat(jobs.list(tenantId, JobFilter.all(), Optional.empty(), 10).jobs(), empty());
        Set<String> added = inputKeys();
        added.removeAll(inputsBefore);
        for (String key : added) {
            UUID jobId = UUID.fromString(key.split("/")[1]);
            assertTrue(jobs.get(jobId).filter(job -> !job.tenantId().equals(tenantId)).isPresent(),
                    "new input " + key + " must belong to another tenant's job");
        }
    }

    private Set<String> inputKeys() {
        return objects.list("inputs/").stream().map(ObjectInfo::key).collect(Collectors.toSet());
    }
}
