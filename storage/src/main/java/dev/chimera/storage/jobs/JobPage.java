package dev.chimera.storage.jobs;

import java.util.List;
import java.util.Optional;

/** One page of a tenant's jobs, newest first, and the cursor of the next page when there is one. */
public record JobPage(List<Job> jobs, Optional<PageCursor> next) {

    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
