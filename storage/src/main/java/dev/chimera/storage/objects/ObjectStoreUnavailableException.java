package dev.chimera.storage.objects;

/** The S3 server cannot be reached or is not serving; retrying later may succeed. */
public class ObjectStoreUnavailableException extends ObjectStoreException {

    public ObjectStoreUnavailableException(String endpoint, Throwable cause) {
        super("object storage at " + endpoint + " is unavailable: " + cause.getMessage(), cause);
    }
}
