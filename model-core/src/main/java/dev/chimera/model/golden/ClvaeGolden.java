package dev.chimera.model.golden;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.clvae.ClvaeCodes;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.ClvaeSynthesizer;
import dev.chimera.model.clvae.StyleMeans;
import dev.chimera.model.clvae.UpsamplingMode;

/**
 * The golden case of the clVAE generator and style encoder: builds both from config.json's hyperparameters and the
 * weight shapes, then computes the random-code sample, the style-guided sample, the encoder's means and the code
 * maps of the random path.
 */
public final class ClvaeGolden implements GoldenNetwork {

    private static final String ENCODER_PREFIX = "E.";
    private static final String RANDOM_CODE = "z_random.";
    private static final String FALLBACK_CODE = "z_style_fallback.";
    private static final String CLASS = "class_";

    @Override
    public String network() {
        return "clvae-spade-generator";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        Map<String, NDArray> generatorWeights = new LinkedHashMap<>();
        Map<String, NDArray> encoderWeights = new LinkedHashMap<>();
        weights.forEach((name, tensor) -> {
            if (name.startsWith(ENCODER_PREFIX)) {
                encoderWeights.put(name.substring(ENCODER_PREFIX.length()), tensor);
            } else {
                generatorWeights.put(name, tensor);
            }
        });
        ClvaeConfig config = config(goldenCase.config().path("hyperparameters"), generatorWeights, encoderWeights);
        ClvaeSynthesizer synthesizer = ClvaeSynthesizer.load(config, generatorWeights, encoderWeights, manager);

        Map<String, NDArray> inputs = goldenCase.inputs();
        NDArray label = input(inputs, "label");
        Map<String, NDArray> outputs = new LinkedHashMap<>();

        ClvaeCodes random = new ClvaeCodes(input(inputs, RANDOM_CODE + "global"), classCodes(inputs, RANDOM_CODE));
        outputs.put("fake_random", synthesizer.sample(label, random));
        List<NDArray> codeMaps = synthesizer.codeMaps(label, random);
        for (int i = 0; i < codeMaps.size(); i++) {
            outputs.put("diag.seg_random." + i, codeMaps.get(i));
        }

        StyleMeans style = synthesizer.encodeStyle(input(inputs, "style_image"), input(inputs, "style_label"));
        style.perClass().forEach((c, mu) -> outputs.put("style_mu." + CLASS + c, mu));
        outputs.put("style_mu.global", style.global());
        ClvaeCodes styled = synthesizer.styleGuidedCodes(label, style, classCodes(inputs, FALLBACK_CODE));
        outputs.put("fake_style", synthesizer.sample(label, styled));

        List<Pattern> wanted = outputPatterns(goldenCase.config().path("outputs"));
        outputs.keySet().removeIf(name -> wanted.stream().noneMatch(p -> p.matcher(name).matches()));
        return outputs;
    }

    /**
     * The model options from config.json's hyperparameters. A width config.json leaves out is read from the weight
     * shapes, and the encoder's input size, which config.json only describes in words, follows from {@code fc_mu}.
     */
    public static ClvaeConfig config(JsonNode hp, Map<String, NDArray> generatorWeights,
            Map<String, NDArray> encoderWeights) {
        int ngf = option(hp, "ngf").asInt();
        int semanticNc = has(hp, "semantic_nc") ? option(hp, "semantic_nc").asInt()
                : dim(generatorWeights, "embedding.weight", 0);
        int zDim = has(hp, "z_dim") ? option(hp, "z_dim").asInt() : dim(generatorWeights, "fc.weight", 1);
        int zDimLocal = has(hp, "z_dim_local") ? option(hp, "z_dim_local").asInt()
                : dim(generatorWeights, "embedding.weight", 1);
        int spadeHidden = has(hp, "spade_hidden") ? option(hp, "spade_hidden").asInt()
                : dim(generatorWeights, "head_0.norm_0.mlp_shared.0.weight", 0);
        int encoderNgf = has(hp, "ndf_of_encoder") ? option(hp, "ndf_of_encoder").asInt()
                : dim(encoderWeights, "layer1.0.weight_orig", 0);
        JsonNode encoder = hp.path("encoder");
        boolean layer6 = encoder.has("layer6") ? encoder.get("layer6").asBoolean()
                : encoderWeights.containsKey("layer6.0.weight_orig");
        int layers = layer6 ? 6 : 5;
        long fcIn = dim(encoderWeights, "fc_mu.weight", 1);
        int side = (int) Math.round(Math.sqrt(fcIn / (8.0 * encoderNgf)));
        if ((long) side * side * 8L * encoderNgf != fcIn) {
            throw new IllegalArgumentException("fc_mu.weight takes " + fcIn + " inputs, which is no flattened 8·"
                    + encoderNgf + "-channel square map");
        }
        return new ClvaeConfig(semanticNc, zDim, zDimLocal, ngf, spadeHidden,
                UpsamplingMode.of(option(hp, "num_upsampling_layers").asText()), option(hp, "crop_size").asInt(),
                option(hp, "aspect_ratio").asDouble(), encoderNgf, side << layers, layer6);
    }

    /** A hyperparameter by its option name; config.json may annotate it, as in {@code "z_dim (global)"}. */
    private static JsonNode option(JsonNode hp, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(name) || field.getKey().startsWith(name + " (")) {
                return field.getValue();
            }
        }
        throw new IllegalArgumentException("config.json hyperparameters lack " + name);
    }

    private static int dim(Map<String, NDArray> weights, String tensor, int axis) {
        NDArray weight = weights.get(tensor);
        if (weight == null) {
            throw new IllegalArgumentException("the checkpoint lacks " + tensor);
        }
        return Math.toIntExact(weight.getShape().get(axis));
    }

    private static boolean has(JsonNode hp, String option) {
        for (Iterator<String> it = hp.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (key.equals(option) || key.startsWith(option + " (")) {
                return true;
            }
        }
        return false;
    }

    private static Map<Integer, NDArray> classCodes(Map<String, NDArray> inputs, String prefix) {
        Map<Integer, NDArray> codes = new LinkedHashMap<>();
        inputs.forEach((name, tensor) -> {
            if (name.startsWith(prefix + CLASS)) {
                codes.put(Integer.parseInt(name.substring(prefix.length() + CLASS.length())), tensor);
            }
        });
        return codes;
    }

    private static NDArray input(Map<String, NDArray> inputs, String name) {
        NDArray tensor = inputs.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("the case has no input " + name);
        }
        return tensor;
    }

    /** config.json's output names, where {@code <...>} stands for any suffix of a family. */
    private static List<Pattern> outputPatterns(JsonNode outputs) {
        List<Pattern> patterns = new ArrayList<>();
        outputs.fieldNames().forEachRemaining(name -> patterns.add(Pattern.compile(
                Pattern.quote(name).replaceAll("<[^>]*>", "\\\\E[^.]+\\\\Q"))));
        return patterns;
    }
}
