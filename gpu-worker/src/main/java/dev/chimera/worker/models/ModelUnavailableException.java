package dev.chimera.worker.models;

/** No usable version of a model family is registered (none at all, or the pinned one is missing). */
public class ModelUnavailableException extends RuntimeException {

    /** No usable version; the job ends {@code model_unavailable} (retried). */
    public ModelUnavailableException(String message) {
        super(message);
    }
}
