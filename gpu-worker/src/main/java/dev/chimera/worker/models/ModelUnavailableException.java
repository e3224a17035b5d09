package dev.chimera.worker.models;

/** No usable version of a model family is registered (none at all, or the pinned one is missing). */
public class ModelUnavailableException extends RuntimeException {

    /** The job error code a worker reports for it. */
    public static final String CODE = "model_unavailable";

    public ModelUnavailableException(String message) {
        super(message);
    }
}
