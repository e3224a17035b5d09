package dev.chimera.worker.models;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Picks a network's weights among a version's files by role: {@code generator.*}, {@code encoder.*}. */
final class ModelFiles {

    private ModelFiles() {
    }

    static Optional<Path> withRole(Map<String, Path> files, String role) {
        return files.entrySet().stream().filter(e -> e.getKey().startsWith(role + "."))
                .map(Map.Entry::getValue).findFirst();
    }

    static Path requiredRole(ModelManifest manifest, Map<String, Path> files, String role) {
        return withRole(files, role).orElseThrow(() -> new ModelUnavailableException("model " + manifest.prefix()
                + " has no " + role + ".* file"));
    }
}
