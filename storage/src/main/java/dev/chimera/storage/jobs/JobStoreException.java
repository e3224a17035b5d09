package dev.chimera.storage.jobs;

/** A job database operation failed for a reason the caller cannot fix by retrying with other arguments. */
public class JobStoreException extends RuntimeException {

    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
