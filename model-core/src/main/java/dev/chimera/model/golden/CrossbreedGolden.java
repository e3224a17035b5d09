package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.crossbreed.CrossbreedMorph;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.SpectralNormFolding;

/**
 * The golden case {@code crossbreed-generator}: builds the generator from config.json's hyperparameters, loads the
 * case's weights strictly, and computes the basic morph, the tau grid and the encoder diagnostics.
 */
public final class CrossbreedGolden implements GoldenNetwork {

    private static final String CHECKPOINT_PREFIX = "G.";

    @Override
    public String network() {
        return "crossbreed-generator";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyperparameters = goldenCase.config().path("hyperparameters");
        CrossbreedGenerator generator = new CrossbreedGenerator(CrossbreedConfig.fromJson(hyperparameters));
        JsonNode declaredAdain = hyperparameters.path("num_adain_params");
        if (declaredAdain.canConvertToInt() && declaredAdain.intValue() != generator.numAdainParams()) {
            throw new IllegalArgumentException("config.json declares " + declaredAdain.intValue()
                    + " AdaIN parameters, the configured decoder needs " + generator.numAdainParams());
        }
        generator.loadStateDict(SpectralNormFolding.fold(generatorStateDict(weights)), manager);

        ParameterStore store = new ParameterStore(manager, false);
        NDArray xA = input(goldenCase, "x_A");
        NDArray xB = input(goldenCase, "x_B");
        NDArray alphas = input(goldenCase, "alphas");
        CrossbreedMorph morph = new CrossbreedMorph(generator);
        NDArray basic = morph.basic(store, xA, xB, alphas);
        CrossbreedMorph.Grid grid = morph.disentangled(store, xA, xB, alphas, input(goldenCase, "tau"));
        NDArray styleA = generator.style(store, xA);

        Map<String, NDArray> computed = new LinkedHashMap<>();
        computed.put("morph", basic);
        computed.put("morph_01", CrossbreedMorph.toUnitRange(basic));
        computed.put("grid", grid.frames());
        computed.put("grid_01", CrossbreedMorph.toUnitRange(grid.frames()));
        computed.put("grid_alpha_c", grid.alphaContent());
        computed.put("grid_alpha_s", grid.alphaStyle());
        computed.put("diag.z_A", generator.content(store, xA));
        computed.put("diag.z_B", generator.content(store, xB));
        computed.put("diag.s_A", styleA);
        computed.put("diag.s_B", generator.style(store, xB));
        computed.put("diag.adain_params_A", generator.adainParams(store, styleA));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("crossbreed-generator cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    /** The generator's entries of a {'G': .., 'D': ..} checkpoint, or the whole map when it is a bare state dict. */
    private static Map<String, NDArray> generatorStateDict(Map<String, NDArray> weights) {
        boolean nested = weights.keySet().stream().anyMatch(k -> k.startsWith(CHECKPOINT_PREFIX));
        return nested ? Checkpoints.withPrefix(weights, CHECKPOINT_PREFIX) : weights;
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("crossbreed-generator case lacks input " + name);
        }
        return value;
    }
}
