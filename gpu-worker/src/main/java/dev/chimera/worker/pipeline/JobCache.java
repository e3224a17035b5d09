package dev.chimera.worker.pipeline;

import java.util.Optional;

/**
 * Results kept across jobs and workers, each under a key that names everything it depends on, so that a later job
 * needing the same result reads it instead of computing it again. Entries are never changed once written: the key
 * is the whole identity of the content.
 */
public interface JobCache {

    /** The content stored under {@code key}, or empty when there is none or it cannot be read now (logged). */
    Optional<byte[]> get(String key);

    /** Stores {@code content} under {@code key}; false when it could not be stored (logged, not thrown). */
    boolean put(String key, byte[] content);
}
