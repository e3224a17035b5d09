package dev.chimera.worker.pipeline;

import java.util.List;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * What a pipeline gets from the worker while it runs one job: the device, arrays, progress, stop requests, places to
 * store previews and, for training methods, the checkpoint to resume from and checkpoints, and a cache of results
 * that outlive the job.
 */
public interface JobContext {

    /** The device the job runs on. */
    Device device();

    /** The most memory the job's tensors may take; a pipeline checks its estimate before it allocates. */
    MemoryBudget memoryBudget();

    /** The job's own arrays on {@link #device()}, closed when the job ends. */
    NDManager manager();

    /**
     * Reports that {@code step} of {@code totalSteps} steps of {@code stage} are done. Every call is also a point at
     * which the job stops if it was asked to.
     *
     * @throws JobStoppedException if the job was canceled, the worker shuts down or the lease was lost
     */
    void step(String stage, long step, long totalSteps);

    /**
     * Reports a step as {@link #step(String, long, long)} does, naming the preview stored after it ({@code null}
     * when none was).
     *
     * @throws JobStoppedException if the job was canceled, the worker shuts down or the lease was lost
     */
    void step(String stage, long step, long totalSteps, String previewKey);

    /** Why the job was asked to stop, if it was; a training loop asks before every step so that it can checkpoint. */
    Optional<StopReason> stopRequested();

    /** Reports a finished training step; never stops the job (the loop asks {@link #stopRequested()} itself). */
    void trainingProgress(TrainingReport report);

    /** The checkpoint this attempt resumes from: the one the work order names, when it can still be read. */
    Optional<StoredCheckpoint> resumeCheckpoint();

    /**
     * Stores a checkpoint taken after {@code step} steps under the job and attempt and announces it. A failure is
     * logged, not thrown: the job goes on, and the caller tries again at its next opportunity.
     *
     * @return whether the checkpoint was stored and announced
     */
    boolean saveCheckpoint(long step, byte[] checkpoint);

    /** Stores a preview PNG taken after {@code step} steps; its key, or empty when it could not be stored (logged). */
    Optional<String> savePreview(long step, byte[] png);

    /**
     * Announces that the inversions of {@code inputs} (their roles) were read from {@link #cache()} rather than
     * computed, so that the job's timeline shows it; waits in place while the broker is away, like a step.
     */
    void inversionCached(List<String> inputs);

    /** Results kept across jobs (e.g. the inversion of an image), shared by every worker. */
    JobCache cache();
}
