package dev.chimera.scheduler.service;

import dev.chimera.contract.JobStatus;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.scheduler.service.SchedulerMetrics.EventOutcome;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.Progress;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies worker events to the stored job. Every write is conditional on the event's attempt and the job's status
 * (the WHERE clauses of JobTransitions and RunningAttempts), so a redelivered, reordered or superseded event changes
 * nothing and is counted as stale. A re-dispatch and its work order are one transaction: the order is an outbox row.
 */
public final class JobEventApplier {

    private static final Logger LOG = Logger.getLogger(JobEventApplier.class);

    private final JobQueries queries;
    private final JobTransitions transitions;
    private final RunningAttempts attempts;
    private final RetryPolicy retryPolicy;
    private final ProgressThrottle throttle;
    private final SchedulerMetrics metrics;
    private final Runnable wakeRelay;
    private final Clock clock;

    /**
     * An applier writing a running attempt's reports to {@code attempts} and its end to {@code transitions};
     * {@code wakeRelay} is run after a commit that wrote outbox rows.
     */
    public JobEventApplier(JobQueries queries, JobTransitions transitions, RunningAttempts attempts,
            RetryPolicy retryPolicy, ProgressThrottle throttle, SchedulerMetrics metrics, Runnable wakeRelay,
            Clock clock) {
        this.queries = queries;
        this.transitions = transitions;
        this.attempts = attempts;
        this.retryPolicy = retryPolicy;
        this.throttle = throttle;
        this.metrics = metrics;
        this.wakeRelay = wakeRelay;
        this.clock = clock;
    }

    /** Applies one event, or ignores it when it no longer matches the job. */
    public void apply(WorkerEvent event) {
        EventOutcome outcome = metrics.eventTimer().record(() -> dispatch(event));
        metrics.event(event.type(), outcome);
    }

    /** Writes held-back progress whose throttle interval is over. */
    public void flushDueProgress() {
        for (WorkerEvent.ProgressReport progress : throttle.takeDue(clock.instant())) {
            writeProgress(progress);
        }
    }

    private EventOutcome dispatch(WorkerEvent event) {
        if (event instanceof WorkerEvent.Started started) {
            return started(started);
        } else if (event instanceof WorkerEvent.Heartbeat) {
            return EventOutcome.NOTED;
        } else if (event instanceof WorkerEvent.ProgressReport progress) {
            return throttle.offer(progress, clock.instant()).map(this::writeProgress).orElse(EventOutcome.NOTED);
        } else if (event instanceof WorkerEvent.CheckpointWritten checkpoint) {
            return checkpoint(checkpoint);
        } else if (event instanceof WorkerEvent.InversionCached cached) {
            return inversionCached(cached);
        } else if (event instanceof WorkerEvent.Succeeded succeeded) {
            return succeed(succeeded);
        } else if (event instanceof WorkerEvent.Failed failed) {
            return fail(failed);
        } else if (event instanceof WorkerEvent.Released released) {
            return release(released);
        }
        throw new IllegalStateException("a worker event of no known kind: " + event);
    }

    private EventOutcome writeProgress(WorkerEvent.ProgressReport event) {
        Progress progress = new Progress(event.progress(), Optional.ofNullable(event.stage()),
                Optional.ofNullable(event.step()).map(Math::toIntExact),
                Optional.ofNullable(event.totalSteps()).map(Math::toIntExact),
                Optional.ofNullable(event.previewKey()), Optional.ofNullable(event.stepsPerSecond()),
                Optional.ofNullable(event.etaSeconds()), event.losses() == null ? Map.of() : event.losses());
        boolean written = attempts.updateProgress(event.jobId(), event.attempt(), progress);
        return written ? EventOutcome.APPLIED : stale(event, "not running this attempt");
    }

    // The worker's claim already moved the job to running; the started event adds the device it runs on.
    private EventOutcome started(WorkerEvent.Started event) {
        return attempts.recordDevice(event.jobId(), event.attempt(), event.device()) ? EventOutcome.APPLIED
                : stale(event, "not running this attempt");
    }

    private EventOutcome checkpoint(WorkerEvent.CheckpointWritten event) {
        flushPendingProgress(event);
        boolean recorded = attempts.recordCheckpoint(event.jobId(), event.attempt(), event.checkpointKey());
        if (!recorded) {
            return stale(event, "not running this attempt");
        }
        LOG.infof("checkpoint recorded job=%s attempt=%d key=%s", event.jobId(), event.attempt(),
                event.checkpointKey());
        return EventOutcome.APPLIED;
    }

    // A timeline entry only: the cache hit changes nothing about the job's state, so no progress is flushed first.
    private EventOutcome inversionCached(WorkerEvent.InversionCached event) {
        boolean recorded = attempts.recordInversionCached(event.jobId(), event.attempt(), event.inputs());
        return recorded ? EventOutcome.APPLIED : stale(event, "not running this attempt, or already recorded");
    }

    private EventOutcome succeed(WorkerEvent.Succeeded event) {
        flushPendingProgress(event);
        Map<String, String> results = new LinkedHashMap<>();
        for (String key : event.resultKeys()) {
            results.put(key.substring(key.lastIndexOf('/') + 1), key);
        }
        boolean applied = transitions.transition(Transition.succeed(event.jobId(), event.attempt(), results)).applied();
        return applied ? EventOutcome.APPLIED : stale(event, "not running this attempt");
    }

    private EventOutcome fail(WorkerEvent.Failed event) {
        flushPendingProgress(event);
        Optional<Job> running = runningAttempt(event);
        if (running.isEmpty()) {
            return stale(event, "not running this attempt");
        }
        Job job = running.get();
        if (retryPolicy.retries(event.errorCode(), event.retryable(), event.attempt())) {
            Duration backoff = retryPolicy.backoffAfter(event.attempt());
            LOG.infof("retrying job=%s attempt=%d errorCode=%s backoffMs=%d", job.id(), event.attempt(),
                    event.errorCode(), backoff.toMillis());
            return redispatch(job, event, job.checkpointKey().orElse(null), Optional.of(clock.instant().plus(backoff)),
                    "retry");
        }
        boolean applied = transitions.transition(Transition.fail(job.id(), event.attempt(), JobStatus.RUNNING,
                event.errorCode(), event.errorMessage())).applied();
        if (!applied) {
            return stale(event, "moved on while failing");
        }
        LOG.infof("job failed job=%s attempt=%d errorCode=%s retryable=%s", job.id(), event.attempt(),
                event.errorCode(), event.retryable());
        metrics.ended("failed", event.errorCode());
        return EventOutcome.APPLIED;
    }

    private EventOutcome release(WorkerEvent.Released event) {
        flushPendingProgress(event);
        Optional<Job> running = runningAttempt(event);
        if (running.isEmpty()) {
            return stale(event, "not running this attempt");
        }
        Job job = running.get();
        String resumeFrom = event.checkpointKey() != null ? event.checkpointKey() : job.checkpointKey().orElse(null);
        return redispatch(job, event, resumeFrom, Optional.empty(), "released");
    }

    private EventOutcome redispatch(Job job, WorkerEvent event, String resumeFrom, Optional<Instant> notBefore,
            String reason) {
        int next = event.attempt() + 1;
        OutboxMessage order = WorkOrders.outboxMessage(WorkOrders.of(job, next, resumeFrom, clock.instant()));
        if (notBefore.isPresent()) {
            order = order.withNotBefore(notBefore.get());
        }
        boolean applied = transitions.transition(Transition.redispatch(job.id(), event.attempt()), List.of(order))
                .applied();
        if (!applied) {
            return stale(event, "moved on while re-dispatching");
        }
        wakeRelay.run();
        LOG.infof("job re-dispatched job=%s attempt=%d reason=%s resumeCheckpointKey=%s", job.id(), next, reason,
                resumeFrom);
        metrics.redispatched(reason);
        return EventOutcome.APPLIED;
    }

    private Optional<Job> runningAttempt(WorkerEvent event) {
        return queries.get(event.jobId())
                .filter(job -> job.status() == JobStatus.RUNNING && job.attempt() == event.attempt());
    }

    // The newest progress held back by the throttle is written before anything that ends the attempt.
    private void flushPendingProgress(WorkerEvent event) {
        throttle.takePendingAndForget(event.jobId()).ifPresent(this::writeProgress);
    }

    private EventOutcome stale(WorkerEvent event, String reason) {
        LOG.infof("event ignored job=%s attempt=%d type=%s reason=%s", event.jobId(), event.attempt(),
                event.type().wireName(), reason);
        return EventOutcome.STALE;
    }
}
