package dev.chimera.worker.models;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code manifest.json} of one model version under {@code models/<family>/<version>/}: what the files are, how to
 * verify them, the network configuration they fit, and whether the weights were trained or randomly initialised.
 */
public record ModelManifest(String family, String version, boolean trained, Instant createdAt, JsonNode config,
        List<ModelFile> files, String source, String licence) {

    /** Checks the fields every loader relies on. */
    public ModelManifest {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(config, "config");
        files = List.copyOf(files);
        if (version.isBlank() || version.contains("/")) {
            throw new IllegalArgumentException("a model version must be a plain name, was \"" + version + "\"");
        }
    }

    /** The object-store prefix of this version, ending with a slash. */
    public String prefix() {
        return ModelKeys.versionPrefix(family, version);
    }

    /** The file with this name, if the manifest lists it. */
    public Optional<ModelFile> file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst();
    }
}
