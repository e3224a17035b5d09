package dev.chimera.worker.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.chimera.storage.objects.ExpiryRule;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.pipeline.JobCache;

/**
 * The job cache in object storage: each entry is the object {@code cache/<sha256 of the key>}, shared by every
 * worker, and deleted by the S3 server some days after it was written ({@link #expiryRule}). A read or write that
 * fails costs the work it would have saved, never the job.
 */
public final class ObjectStoreCache implements JobCache {

    /** The prefix of every cache entry. */
    static final String PREFIX = "cache/";
    /** The name of the bucket lifecycle rule that expires cache entries. */
    static final String EXPIRY_RULE = "chimera-cache-expiry";

    private static final Logger LOG = Logger.getLogger(ObjectStoreCache.class);

    private final ObjectStore objects;

    ObjectStoreCache(ObjectStore objects) {
        this.objects = objects;
    }

    /**
     * The lifecycle rule under which the S3 server deletes every cache entry {@code days} after it was written: an
     * entry is only a saving, and one still needed is simply computed and written again.
     */
    public static ExpiryRule expiryRule(int days) {
        return new ExpiryRule(EXPIRY_RULE, PREFIX, days);
    }

    /** The object key of a cache key: keys may be long and hold any character, object names may not. */
    static String objectKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        String objectKey = objectKey(key);
        try (InputStream in = objects.get(objectKey)) {
            return Optional.of(in.readAllBytes());
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cache entry unreadable, computed again object=%s error=%s", objectKey, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public boolean put(String key, byte[] content) {
        String objectKey = objectKey(key);
        try {
            objects.put(objectKey, content, "application/octet-stream");
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("cache entry not written object=%s bytes=%d error=%s", objectKey, content.length, e.toString());
            return false;
        }
    }
}
