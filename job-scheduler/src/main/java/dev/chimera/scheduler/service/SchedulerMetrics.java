package dev.chimera.scheduler.service;

import dev.chimera.contract.messages.WorkerEventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The scheduler's counters and timers, named once here (exported by Prometheus at {@code /q/metrics}). */
public final class SchedulerMetrics {

    /** What happened to a worker event. */
    public enum EventOutcome {
        /** The event changed the job. */
        APPLIED,
        /** The event's attempt or status no longer matches the job: ignored. */
        STALE,
        /** Only informational (started, heartbeat) or throttled progress. */
        NOTED
    }

    private final MeterRegistry registry;

    /** Metrics registered in {@code registry}. */
    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An admission pass admitted {@code count} jobs and wrote their work orders. */
    public void admitted(int count) {
        registry.counter("chimera.scheduler.jobs.admitted").increment(count);
    }

    /** {@code count} admitted jobs that no worker started in time went back to waiting for admission. */
    public void readmitted(int count) {
        registry.counter("chimera.scheduler.jobs.readmitted").increment(count);
    }

    /** A worker event was handled with this outcome. */
    public void event(WorkerEventType type, EventOutcome outcome) {
        registry.counter("chimera.scheduler.events", "type", type.wireName(),
                "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /** A job went back to the queue with attempt + 1; {@code reason} is retry, released or lease_expired. */
    public void redispatched(String reason) {
        registry.counter("chimera.scheduler.redispatches", "reason", reason).increment();
    }

    /** A job ended without running to completion: {@code outcome} is failed or expired, with its code. */
    public void ended(String outcome, String code) {
        registry.counter("chimera.scheduler.jobs.ended", "outcome", outcome, "code", code).increment();
    }

    /** Times one admission pass. */
    public Timer admissionTimer() {
        return registry.timer("chimera.scheduler.admission.duration");
    }

    /** Times applying one worker event. */
    public Timer eventTimer() {
        return registry.timer("chimera.scheduler.event.apply.duration");
    }

    /** Times one watchdog sweep. */
    public Timer sweepTimer() {
        return registry.timer("chimera.scheduler.watchdog.sweep.duration");
    }
}
