package dev.chimera.storage.objects;

/** No object exists under the key (or the bucket itself is missing). */
public class ObjectNotFoundException extends ObjectStoreException {

    private final String key;

    public ObjectNotFoundException(String bucket, String key, Throwable cause) {
        super("no object " + key + " in bucket " + bucket, cause);
        this.key = key;
    }

    /** The key that was looked up. */
    public String key() {
        return key;
    }
}
