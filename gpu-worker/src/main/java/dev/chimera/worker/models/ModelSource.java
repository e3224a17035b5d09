package dev.chimera.worker.models;

/** Where pipelines get their networks: the registry in a worker, networks built in place in tests. */
public interface ModelSource {

    /**
     * The network of the family's current version, loaded by {@code loader} if it is not in memory yet.
     *
     * @throws ModelUnavailableException if no usable version is registered
     * @throws ModelCorruptException if a file does not match its manifest
     */
    <T> LoadedModel<T> load(String family, ModelLoader<T> loader);
}
