package dev.chimera.worker.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/** What a pipeline gets from the worker while it runs one job: the device, arrays, progress and stop requests. */
public interface JobContext {

    /** The device the job runs on. */
    Device device();

    /** The job's own arrays on {@link #device()}, closed when the job ends. */
    NDManager manager();

    /**
     * Reports that {@code step} of {@code totalSteps} steps of {@code stage} are done. Every call is also a point at
     * which the job stops if it was asked to.
     *
     * @throws JobStoppedException if the job was canceled, the worker shuts down or the lease was lost
     */
    void step(String stage, long step, long totalSteps);
}
