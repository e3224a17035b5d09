package dev.chimera.worker.pipeline;

/** A job that cannot produce a result, with the machine-readable code and whether another attempt could succeed. */
public class PipelineFailure extends RuntimeException {

    /** A label map holds a class the network does not have. */
    public static final String INVALID_LABEL_MAP = "invalid_label_map";
    /** A training step's loss or gradients were not finite, so the result would be degenerate. */
    public static final String TRAINING_DIVERGED = "training_diverged";
    /** An input image could not be decoded. */
    public static final String UNREADABLE_INPUT = "unreadable_input";

    private final String code;
    private final boolean retryable;

    public PipelineFailure(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    /** The stable error code reported on the job. */
    public String code() {
        return code;
    }

    /** Whether a later attempt could succeed. */
    public boolean retryable() {
        return retryable;
    }
}
