package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.dino.VitFeatures;

/**
 * The golden case {@code dino-vit}: builds the ViT from config.json's hyperparameters, loads the weights strictly and
 * computes Splice's features (keys, key self-similarity, CLS), {@code model(x)} and the diagnostics, for the input
 * {@code image} and, with the suffix {@code _32}, for {@code image_32}.
 */
public final class DinoVitGolden implements GoldenNetwork {

    private static final String SECOND_INPUT_SUFFIX = "_32";

    @Override
    public String network() {
        return "dino-vit";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        VisionTransformer vit = new VisionTransformer(VitConfig.fromJson(goldenCase.config().path("hyperparameters")));
        vit.loadStateDict(weights, manager);
        ParameterStore store = new ParameterStore(manager, false);
        Map<String, NDArray> computed = new LinkedHashMap<>();
        putOutputs(computed, "", vit, store, input(goldenCase, "image"));
        putOutputs(computed, SECOND_INPUT_SUFFIX, vit, store, input(goldenCase, "image" + SECOND_INPUT_SUFFIX));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("dino-vit cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    private static void putOutputs(Map<String, NDArray> computed, String suffix, VisionTransformer vit,
            ParameterStore store, NDArray image) {
        VitFeatures features = vit.features(store, image);
        computed.put("keys" + suffix, features.keys());
        computed.put("self_sim" + suffix, features.keysSelfSimilarity());
        computed.put("cls" + suffix, features.cls());
        computed.put("final" + suffix, vit.forward(store, image, null));
        computed.put("last_block_out" + suffix, features.lastBlockOut());
        computed.put("pos_embed_used" + suffix, vit.positionEmbedding(store, image));
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("dino-vit case lacks input " + name);
        }
        return value;
    }
}
