package dev.chimera.worker.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDManager;

/** Builds a network from a verified model version's local files, its arrays owned by {@code manager}. */
@FunctionalInterface
public interface ModelLoader<T> {

    /** Loads the network; {@code files} maps each manifest file name to its verified copy on local disk. */
    T load(ModelManifest manifest, Map<String, Path> files, NDManager manager) throws IOException;
}
