package dev.chimera.worker.pipeline;

import java.util.Objects;

/** One output of a job, stored as {@code results/<jobId>/<attempt>/<name>}. */
public record ResultFile(String name, byte[] content, String contentType) {

    /** Rejects names that are not plain file names. */
    public ResultFile {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentType, "contentType");
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a result name must be a plain file name, was \"" + name + "\"");
        }
    }

    /** A PNG image. */
    public static ResultFile png(String name, byte[] content) {
        return new ResultFile(name, content, "image/png");
    }
}
