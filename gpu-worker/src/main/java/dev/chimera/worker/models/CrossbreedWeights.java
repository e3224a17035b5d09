package dev.chimera.worker.models;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.weights.Checkpoints;

/**
 * The {@code crossbreed} model family: one {@code generator.*} file (the reference's {@code G} state dict) and the
 * reference's hyperparameter names as the manifest's config.
 */
public final class CrossbreedWeights {

    /** The family name in the registry. */
    public static final String FAMILY = "crossbreed";

    private CrossbreedWeights() {
    }

    /** Loads the generator of a registered version. */
    public static ModelLoader<CrossbreedGenerator> loader() {
        return (manifest, files, manager) -> load(manifest, files, manager);
    }

    /** The manifest config of {@code config}: the keys of the reference's {@code config.yaml}. */
    public static JsonNode configJson(CrossbreedConfig config) {
        ObjectNode json = ContractJson.mapper().createObjectNode();
        json.put("img_size", config.imgSize());
        json.put("n_f", config.nF());
        json.put("n_cont_down", config.nContDown());
        json.put("n_cont_res_blks", config.nContResBlks());
        json.put("n_style_down", config.nStyleDown());
        json.put("n_style_res_blks", config.nStyleResBlks());
        json.put("n_mlp_f", config.nMlpF());
        json.put("n_mlp_blks", config.nMlpBlks());
        return json;
    }

    private static CrossbreedGenerator load(ModelManifest manifest, Map<String, Path> files, NDManager manager)
            throws java.io.IOException {
        CrossbreedGenerator generator = new CrossbreedGenerator(CrossbreedConfig.fromJson(manifest.config()));
        try (NDManager reading = manager.newSubManager()) {
            generator.loadStateDict(Checkpoints.read(ModelFiles.requiredRole(manifest, files, "generator"), reading),
                    manager);
        }
        return generator;
    }
}
