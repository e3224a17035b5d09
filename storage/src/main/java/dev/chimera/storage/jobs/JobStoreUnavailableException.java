package dev.chimera.storage.jobs;

/** The job database cannot be reached (down, restarting, or the network is gone); retrying later may succeed. */
public class JobStoreUnavailableException extends JobStoreException {

    public JobStoreUnavailableException(String jdbcUrl, Throwable cause) {
        super("job database at " + jdbcUrl + " is unavailable: " + cause.getMessage(), cause);
    }
}
