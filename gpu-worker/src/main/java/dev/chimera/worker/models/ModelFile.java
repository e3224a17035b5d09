package dev.chimera.worker.models;

import java.util.Objects;

/** One file of a registered model version: its name under the version's prefix, sha256 (hex) and size in bytes. */
public record ModelFile(String name, String sha256, long size) {

    /** Rejects names that could escape the version's prefix or the local cache directory. */
    public ModelFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("a model file name must be a plain file name, was \"" + name + "\"");
        }
    }
}
