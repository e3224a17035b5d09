package dev.chimera.scheduler.service;

import dev.chimera.contract.JobStatus;
import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns a submitted job into the work order for its kind, but only while the stored job is still queued at the
 * announced attempt: a redelivered or late announcement of a job that already moved on routes nothing. A job past
 * its deadline is expired instead of routed.
 */
public final class JobRouter {

    private static final Logger LOG = Logger.getLogger(JobRouter.class);

    private final JobQueries queries;
    private final JobTransitions transitions;
    private final SchedulerMetrics metrics;
    private final Clock clock;
    private Map<UUID, Optional<Job>> readAhead = new HashMap<>();

    /** A router reading jobs with {@code queries} and expiring them with {@code transitions}. */
    public JobRouter(JobQueries queries, JobTransitions transitions, SchedulerMetrics metrics, Clock clock) {
        this.queries = queries;
        this.transitions = transitions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Reads the stored jobs of a batch of announcements in one query, for the {@link #route} calls that follow on
     * the same thread; replaces the previous batch's.
     */
    public void readAhead(Collection<UUID> jobIds) {
        Map<UUID, Job> stored = queries.get(jobIds);
        Map<UUID, Optional<Job>> read = new HashMap<>();
        jobIds.forEach(id -> read.put(id, Optional.ofNullable(stored.get(id))));
        readAhead = read;
    }

    /** The work order to send for this announcement, or empty when there is nothing to route. */
    public Optional<WorkOrder> route(JobSubmitted submitted) {
        return metrics.routeTimer().record(() -> decide(submitted));
    }

    private Optional<WorkOrder> decide(JobSubmitted submitted) {
        // Used once: a second announcement of the same job in a batch reads the row again.
        Optional<Job> ahead = readAhead.remove(submitted.jobId());
        Optional<Job> stored = ahead != null ? ahead : queries.get(submitted.jobId());
        if (stored.isEmpty()) {
            // Not in this database (e.g. another environment sharing the broker): nothing this scheduler owns.
            LOG.infof("route skipped job=%s attempt=%d reason=unknown-job", submitted.jobId(), submitted.attempt());
            metrics.notRouted("unknown");
            return Optional.empty();
        }
        Job job = stored.get();
        if (job.status() != JobStatus.QUEUED || job.attempt() != submitted.attempt()) {
            LOG.infof("route skipped job=%s attempt=%d reason=stale status=%s currentAttempt=%d",
                    job.id(), submitted.attempt(), job.status().wireName(), job.attempt());
            metrics.notRouted("stale");
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (job.deadline().filter(deadline -> !deadline.isAfter(now)).isPresent()) {
            boolean expired = transitions.transition(Transition.expire(job.id(), job.attempt())).applied();
            LOG.infof("route skipped job=%s attempt=%d reason=deadline-passed expired=%s",
                    job.id(), job.attempt(), expired);
            if (expired) {
                metrics.ended("expired", "deadline");
            }
            metrics.notRouted("expired");
            return Optional.empty();
        }
        LOG.infof("job routed job=%s attempt=%d kind=%s", job.id(), job.attempt(), job.kind().wireName());
        metrics.routed();
        return Optional.of(WorkOrders.of(job, job.attempt(), null, now));
    }
}
