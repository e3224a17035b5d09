package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why a job ended {@code failed}: the job failure codes of the API's {@code errorCode}, each with whether a later
 * attempt could succeed. The scheduler retries a failure only when its code is retryable and attempts are left.
 */
public enum FailureCode {
    /** An input image could not be decoded. */
    UNREADABLE_INPUT("unreadable_input", false),
    /** An input image is too small (or too thin) for the method, even after the method's own resizing. */
    IMAGE_TOO_SMALL("image_too_small", false),
    /** An input named by the job is gone from the object store. */
    INPUT_MISSING("input_missing", false),
    /** A label map holds a class the network does not have. */
    INVALID_LABEL_MAP("invalid_label_map", false),
    /** The stored parameters no longer validate. */
    INVALID_PARAMS("invalid_params", false),
    /** A training step's loss or gradients were not finite, so the result would be degenerate. */
    TRAINING_DIVERGED("training_diverged", false),
    /** The job's work order names the job and attempt but cannot be read; it went to the dead-letter topic. */
    UNREADABLE_WORK_ORDER("unreadable_work_order", false),
    /** The worker that took the job has no pipeline for its method. */
    UNSUPPORTED_METHOD("unsupported_method", false),
    /** Style guidance was asked of a model registered without its style encoder. */
    MODEL_WITHOUT_STYLE_ENCODER("model_without_style_encoder", false),
    /** No usable version of the method's weights is registered. */
    MODEL_UNAVAILABLE("model_unavailable", true),
    /** A weights file does not match its manifest. */
    MODEL_CORRUPT("model_corrupt", false),
    /** The object store or the database did not answer. */
    STORAGE_UNAVAILABLE("storage_unavailable", true),
    /** The job needed more memory than the worker has; another attempt on the same kind of worker would too. */
    OUT_OF_MEMORY("out_of_memory", false),
    /** The worker crashed inside the job (an unexpected exception). */
    WORKER_ERROR("worker_error", true),
    /** The job's lease expired on its last attempt: every worker that took it was lost. */
    WORKER_LOST("worker_lost", false);

    private final String wireName;
    private final boolean retryable;

    FailureCode(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    /** The code as the API, the events and the database carry it. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a later attempt of the same job could succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The code with this wire name, if any. */
    public static Optional<FailureCode> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(code -> code.wireName.equals(wireName)).findFirst();
    }
}
