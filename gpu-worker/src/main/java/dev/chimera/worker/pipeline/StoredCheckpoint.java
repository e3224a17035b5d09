package dev.chimera.worker.pipeline;

import java.util.Objects;

/** A checkpoint as read back from object storage: its key and its bytes. */
public record StoredCheckpoint(String key, byte[] content) {

    /** Rejects missing parts. */
    public StoredCheckpoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(content, "content");
    }
}
