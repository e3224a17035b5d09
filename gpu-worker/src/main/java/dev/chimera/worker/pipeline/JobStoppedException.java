package dev.chimera.worker.pipeline;

/** Thrown at a step boundary when the running job was asked to stop; unwinds the pipeline without a result. */
public class JobStoppedException extends RuntimeException {

    private final StopReason reason;

    public JobStoppedException(StopReason reason) {
        super("job stopped: " + reason, null, false, false);
        this.reason = reason;
    }

    /** Why the job stopped. */
    public StopReason reason() {
        return reason;
    }
}
