package dev.chimera.worker.models;

/** A network held in memory together with the manifest of the weights it was loaded from. */
public record LoadedModel<T>(ModelManifest manifest, T network) {
}
