package dev.chimera.worker.models;

/** Object keys of the model registry: {@code models/<family>/<version>/manifest.json} and the files beside it. */
final class ModelKeys {

    static final String MANIFEST = "manifest.json";

    private ModelKeys() {
    }

    static String familyPrefix(String family) {
        return "models/" + family + "/";
    }

    static String versionPrefix(String family, String version) {
        return familyPrefix(family) + version + "/";
    }
}
