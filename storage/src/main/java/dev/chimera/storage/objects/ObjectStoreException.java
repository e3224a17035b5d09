package dev.chimera.storage.objects;

/** An object storage operation failed. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
