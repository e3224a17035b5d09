package dev.chimera.worker.service;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.messages.JobEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.worker.pipeline.JobContext;
import dev.chimera.worker.pipeline.JobStoppedException;
import dev.chimera.worker.pipeline.StopReason;

/**
 * The attempt this worker is running: its context for the pipeline (progress events, device, arrays) and the stop
 * request that cancel, shutdown or a lost lease set from other threads and that takes effect at the next step.
 */
final class ActiveJob implements JobContext {

    private final WorkOrder order;
    private final String workerId;
    private final Device device;
    private final NDManager manager;
    private final JobEvents events;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();

    ActiveJob(WorkOrder order, String workerId, Device device, NDManager manager, JobEvents events) {
        this.order = order;
        this.workerId = workerId;
        this.device = device;
        this.manager = manager;
        this.events = events;
    }

    WorkOrder order() {
        return order;
    }

    boolean is(UUID jobId, int attempt) {
        return order.jobId().equals(jobId) && order.attempt() == attempt;
    }

    /** Asks the job to stop; the first reason wins, so a cancel is not turned into a release by a later shutdown. */
    void requestStop(StopReason reason) {
        stop.compareAndSet(null, reason);
    }

    StopReason stopReason() {
        return stop.get();
    }

    /** Throws if a stop was requested: the step boundary of everything outside the pipeline. */
    void checkStop() {
        StopReason reason = stop.get();
        if (reason != null) {
            throw new JobStoppedException(reason);
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void step(String stage, long step, long totalSteps) {
        checkStop();
        double fraction = totalSteps == 0 ? 0 : Math.min(1.0, (double) step / totalSteps);
        events.publish(JobEvent.progress(order.jobId(), order.attempt(), workerId, Instant.now(), fraction, stage,
                step, totalSteps, null));
    }
}
