package dev.chimera.worker.pipeline;

import dev.chimera.contract.FailureCode;

/** A job that cannot produce a result, with the machine-readable code and whether another attempt could succeed. */
public class PipelineFailure extends RuntimeException {

    private final FailureCode code;

    /** A failure with its code, which says whether a later attempt could succeed, and a message for the user. */
    public PipelineFailure(FailureCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The job failure code. */
    public FailureCode code() {
        return code;
    }

    /** Whether a later attempt could succeed. */
    public boolean retryable() {
        return code.retryable();
    }
}
