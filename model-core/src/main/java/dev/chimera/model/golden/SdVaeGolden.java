package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.Posterior;
import dev.chimera.model.sd.SdVaeConfig;

/**
 * The golden case {@code sd-vae}: builds SD's AutoencoderKL from config.json's {@code vae_config}, loads the published
 * names (deprecated mid-block attention names included), encodes {@code image} as CIA does and decodes
 * {@code latents_in} and the round trip.
 */
public final class SdVaeGolden implements GoldenNetwork {

    @Override
    public String network() {
        return "sd-vae";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        AutoencoderKL vae = new AutoencoderKL(
                SdVaeConfig.fromJson(goldenCase.config().path("hyperparameters").path("vae_config")));
        vae.loadPublished(weights, manager);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray image = input(goldenCase, "image");
        NDArray latentsIn = input(goldenCase, "latents_in");
        float scaling = vae.config().scalingFactor();

        Map<String, NDArray> computed = new LinkedHashMap<>();
        Posterior posterior = vae.encode(store, image);
        computed.put("posterior_moments", posterior.moments());
        computed.put("posterior_mean", posterior.mean());
        computed.put("posterior_logvar", posterior.logvar());
        NDArray latents = vae.encodeMode(store, image);
        computed.put("latents", latents);
        NDArray decoded = vae.decode(store, latentsIn.div(scaling));
        computed.put("decoded", decoded);
        computed.put("decoded_01", vae.decodeToUnitRange(store, latentsIn));
        computed.put("roundtrip", vae.decode(store, latents.div(scaling)));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("sd-vae cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("sd-vae case lacks input " + name);
        }
        return value;
    }
}
