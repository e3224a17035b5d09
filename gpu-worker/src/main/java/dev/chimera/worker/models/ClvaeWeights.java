package dev.chimera.worker.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.params.ClvaeDataset;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.ClvaeSynthesizer;
import dev.chimera.model.weights.Checkpoints;

/**
 * The clVAE model families, one per training dataset ({@code clvae-ade20k}, {@code clvae-deepfashion}): a
 * {@code generator.*} file ({@code latest_net_G}), an optional {@code encoder.*} file ({@code latest_net_E}) for
 * style guidance, and the {@link ClvaeConfig} record as the manifest's config.
 */
public final class ClvaeWeights {

    private ClvaeWeights() {
    }

    /** The family of the networks trained on {@code dataset}. */
    public static String family(ClvaeDataset dataset) {
        return "clvae-" + dataset.wireName().toLowerCase(Locale.ROOT);
    }

    /** Loads the synthesizer of a registered version. */
    public static ModelLoader<ClvaeSynthesizer> loader() {
        return ClvaeWeights::load;
    }

    /** The manifest config of {@code config}. */
    public static JsonNode configJson(ClvaeConfig config) {
        return ContractJson.mapper().valueToTree(config);
    }

    private static ClvaeSynthesizer load(ModelManifest manifest, Map<String, Path> files, NDManager manager)
            throws IOException {
        ClvaeConfig config = config(manifest);
        try (NDManager reading = manager.newSubManager()) {
            Map<String, NDArray> generator = Checkpoints.read(ModelFiles.requiredRole(manifest, files, "generator"),
                    reading);
            Path encoderFile = ModelFiles.withRole(files, "encoder").orElse(null);
            Map<String, NDArray> encoder = encoderFile == null ? null : Checkpoints.read(encoderFile, reading);
            return ClvaeSynthesizer.load(config, generator, encoder, manager);
        }
    }

    private static ClvaeConfig config(ModelManifest manifest) {
        try {
            return ContractJson.mapper().treeToValue(manifest.config(), ClvaeConfig.class);
        } catch (JsonProcessingException e) {
            throw new ModelUnavailableException("model " + manifest.prefix() + " has an unreadable config: "
                    + e.getOriginalMessage());
        }
    }
}
