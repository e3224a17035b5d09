package dev.chimera.scheduler.service;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.JobStatus;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.PlannedTransition;
import dev.chimera.storage.jobs.Transition;
import dev.chimera.storage.jobs.TransitionResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The backstop for everything Kafka does not redeliver: running jobs whose lease expired are re-dispatched with
 * attempt + 1 (or failed {@code worker_lost} after the last attempt), queued jobs past their deadline expire.
 *
 * <p>Several replicas may sweep at once. The store locks the rows a sweep takes with {@code FOR UPDATE SKIP LOCKED},
 * so replicas share the work instead of queueing on each other; and every transition is conditional on status and
 * attempt, so even two sweeps that saw the same job could not both apply it.
 */
public final class LeaseWatchdog {

    private static final String WORKER_LOST = FailureCode.WORKER_LOST.wireName();

    private static final Logger LOG = Logger.getLogger(LeaseWatchdog.class);
    private static final int BATCH = 100;

    private final JobTransitions transitions;
    private final RetryPolicy retryPolicy;
    private final SchedulerMetrics metrics;
    private final Runnable wakeRelay;
    private final Supplier<Optional<Instant>> eventsAppliedUntil;
    private final LeaseGrace grace;
    private final Clock clock;

    /**
     * A watchdog transitioning jobs with {@code transitions}; {@code wakeRelay} is run after a sweep that wrote work
     * orders, and {@code eventsAppliedUntil} tells up to when every worker event has been applied: only leases that
     * expired before then are judged, so a job whose worker reported its end while the scheduler was away is not
     * taken for lost; after the database was unreachable, {@code grace} holds every judgement until live workers have
     * renewed their leases.
     */
    public LeaseWatchdog(JobTransitions transitions, RetryPolicy retryPolicy, SchedulerMetrics metrics,
            Runnable wakeRelay, Supplier<Optional<Instant>> eventsAppliedUntil, LeaseGrace grace, Clock clock) {
        this.transitions = transitions;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
        this.wakeRelay = wakeRelay;
        this.eventsAppliedUntil = eventsAppliedUntil;
        this.grace = grace;
        this.clock = clock;
    }

    /** One sweep of expired leases and passed deadlines; returns how many jobs it moved. */
    public int sweep() {
        try {
            int moved = metrics.sweepTimer().record(() -> sweepLeases() + sweepDeadlines());
            grace.sweepSucceeded();
            return moved;
        } catch (RuntimeException e) {
            grace.sweepFailed(e);
            throw e;
        }
    }

    private int sweepLeases() {
        Optional<Instant> horizon = eventsAppliedUntil.get();
        if (horizon.isEmpty() || !grace.judgingLeases()) {
            return 0;
        }
        int moved = 0;
        boolean wroteOrders = false;
        for (TransitionResult result : transitions.transitionExpiredLeases(horizon.get(), BATCH, this::planLostLease)) {
            if (!(result instanceof TransitionResult.Applied applied)) {
                continue;
            }
            Job job = applied.job();
            moved++;
            if (job.status() == JobStatus.QUEUED) {
                wroteOrders = true;
                LOG.infof("job re-dispatched job=%s attempt=%d reason=lease-expired", job.id(), job.attempt());
                metrics.redispatched("lease_expired");
            } else {
                LOG.infof("job failed job=%s attempt=%d errorCode=%s", job.id(), job.attempt(), WORKER_LOST);
                metrics.ended("failed", WORKER_LOST);
            }
        }
        if (wroteOrders) {
            wakeRelay.run();
        }
        return moved;
    }

    private PlannedTransition planLostLease(Job job) {
        if (retryPolicy.allowsAnotherAttempt(job.attempt())) {
            var order = WorkOrders.of(job, job.attempt() + 1, job.checkpointKey().orElse(null), clock.instant());
            return new PlannedTransition(Transition.redispatch(job.id(), job.attempt()),
                    List.of(WorkOrders.outboxMessage(order)));
        }
        return new PlannedTransition(Transition.fail(job.id(), job.attempt(), JobStatus.RUNNING, WORKER_LOST,
                "the worker stopped renewing its lease on attempt " + job.attempt() + " of "
                        + retryPolicy.maxAttempts()), List.of());
    }

    private int sweepDeadlines() {
        List<TransitionResult> results = transitions.transitionQueuedPastDeadline(BATCH,
                job -> new PlannedTransition(Transition.expire(job.id(), job.attempt()), List.of()));
        int expired = 0;
        for (TransitionResult result : results) {
            if (result instanceof TransitionResult.Applied applied) {
                LOG.infof("job expired job=%s attempt=%d reason=deadline", applied.job().id(),
                        applied.job().attempt());
                metrics.ended("expired", "deadline");
                expired++;
            }
        }
        return expired;
    }
}
