package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why a job ended {@code failed}: the job failure codes of the API's {@code errorCode}, each with its
 * {@link FailureClass}, which says whether and how it is retried. The scheduler retries a failure only when its class
 * is retryable and attempts are left.
 */
public enum FailureCode {
    /** An input image could not be decoded. */
    UNREADABLE_INPUT("unreadable_input", FailureClass.DETERMINISTIC),
    /** An input image is too small (or too thin) for the method, even after the method's own resizing. */
    IMAGE_TOO_SMALL("image_too_small", FailureClass.DETERMINISTIC),
    /** An input named by the job is gone from the object store. */
    INPUT_MISSING("input_missing", FailureClass.DETERMINISTIC),
    /** A label map holds a class the network does not have. */
    INVALID_LABEL_MAP("invalid_label_map", FailureClass.DETERMINISTIC),
    /** The stored parameters no longer validate. */
    INVALID_PARAMS("invalid_params", FailureClass.DETERMINISTIC),
    /** A training step's loss or gradients were not finite, so the result would be degenerate. */
    TRAINING_DIVERGED("training_diverged", FailureClass.DETERMINISTIC),
    /** A sampler's numbers overflowed (not finite), so the picture would be degenerate. */
    SAMPLING_DIVERGED("sampling_diverged", FailureClass.DETERMINISTIC),
    /** The job's work order names the job and attempt but cannot be read; it went to the dead-letter topic. */
    UNREADABLE_WORK_ORDER("unreadable_work_order", FailureClass.DETERMINISTIC),
    /** The worker that took the job has no pipeline for its method. */
    UNSUPPORTED_METHOD("unsupported_method", FailureClass.DETERMINISTIC),
    /** Style guidance was asked of a model registered without its style encoder. */
    MODEL_WITHOUT_STYLE_ENCODER("model_without_style_encoder", FailureClass.DETERMINISTIC),
    /** No usable version of the method's weights is registered: an operator must register one first. */
    MODEL_UNAVAILABLE("model_unavailable", FailureClass.DETERMINISTIC),
    /** A weights file does not match its manifest. */
    MODEL_CORRUPT("model_corrupt", FailureClass.DETERMINISTIC),
    /** The object store or the database did not answer for longer than the worker waits in place. */
    STORAGE_UNAVAILABLE("storage_unavailable", FailureClass.INFRASTRUCTURE),
    /**
     * The job's inputs and parameters would need more memory than a job may use on this worker (the worker's memory
     * budget, checked before anything is allocated); smaller images or parameters fit.
     */
    INPUT_TOO_LARGE("input_too_large", FailureClass.DETERMINISTIC),
    /** The job needed more memory than the worker has; another attempt on the same kind of worker would too. */
    OUT_OF_MEMORY("out_of_memory", FailureClass.DETERMINISTIC),
    /** The worker crashed inside the job (an unexpected exception). */
    WORKER_ERROR("worker_error", FailureClass.UNKNOWN),
    /**
     * The job's lease expired on its last attempt: every worker that took it was lost. Only the scheduler sets it,
     * when no attempt is left, so it is never retried itself.
     */
    WORKER_LOST("worker_lost", FailureClass.UNKNOWN);

    private final String wireName;
    private final FailureClass failureClass;

    FailureCode(String wireName, FailureClass failureClass) {
        this.wireName = wireName;
        this.failureClass = failureClass;
    }

    /** The code as the API, the events and the database carry it. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** What caused a failure with this code, which decides whether and how it is retried. */
    public FailureClass failureClass() {
        return failureClass;
    }

    /** Whether a later attempt of the same job could succeed. */
    public boolean retryable() {
        return failureClass.retryable();
    }

    /** The code with this wire name, if any. */
    public static Optional<FailureCode> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(code -> code.wireName.equals(wireName)).findFirst();
    }
}
