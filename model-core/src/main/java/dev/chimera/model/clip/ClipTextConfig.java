package dev.chimera.model.clip;

import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.types.Shape;

/**
 * The hyperparameters of transformers' {@code CLIPTextModel}, named as in its {@code CLIPTextConfig}; the activation is
 * always quick_gelu, SD-1.5's.
 *
 * @param vocabSize rows of the token embedding
 * @param hiddenSize width of every token
 * @param intermediateSize hidden width of each layer's MLP
 * @param numHiddenLayers number of encoder layers
 * @param numAttentionHeads attention heads per layer; hidden_size must split evenly among them
 * @param maxPositionEmbeddings rows of the position embedding, the longest sequence
 * @param layerNormEps eps of every LayerNorm
 */
public record ClipTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int maxPositionEmbeddings, float layerNormEps) {

    private static final String PREFIX = "text_model.";
    private static final String LAYERS = PREFIX + "encoder.layers.";
    private static final float CLIP_EPS = 1e-5f;

    /** Validates that the sizes fit together. */
    public ClipTextConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || numHiddenLayers <= 0
                || numAttentionHeads <= 0 || maxPositionEmbeddings <= 0 || !(layerNormEps > 0)
                || hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("invalid CLIP text configuration " + this);
        }
    }

    /** SD-1.5's text encoder, CLIP ViT-L/14's text tower: 768 wide, 12 layers, 12 heads, MLP 3072. */
    public static ClipTextConfig sd15() {
        return new ClipTextConfig(49408, 768, 3072, 12, 12, 77, CLIP_EPS);
    }

    /**
     * Reads a {@code CLIPTextConfig} JSON object (SD's {@code text_encoder/config.json}, a golden case's
     * {@code text_config}): every size is required, layer_norm_eps defaults to 1e-5, and hidden_act, when given, must
     * be quick_gelu.
     */
    public static ClipTextConfig fromJson(JsonNode json) {
        requireQuickGelu(json);
        return new ClipTextConfig(required(json, "vocab_size"), required(json, "hidden_size"),
                required(json, "intermediate_size"), required(json, "num_hidden_layers"),
                required(json, "num_attention_heads"), required(json, "max_position_embeddings"),
                (float) json.path("layer_norm_eps").asDouble(CLIP_EPS));
    }

    /**
     * The sizes a checkpoint's shapes imply (vocabulary and width from the token embedding, positions from the
     * position embedding, layers from the layer indices, MLP width from {@code fc1}), with the head count and eps that
     * no shape tells.
     */
    public static ClipTextConfig fromWeights(Map<String, Shape> shapes, int numAttentionHeads, float layerNormEps) {
        Shape tokens = requiredShape(shapes, PREFIX + "embeddings.token_embedding.weight");
        Shape positions = requiredShape(shapes, PREFIX + "embeddings.position_embedding.weight");
        Shape fc1 = requiredShape(shapes, LAYERS + "0.mlp.fc1.weight");
        TreeSet<Integer> layers = new TreeSet<>();
        for (String key : shapes.keySet()) {
            if (key.startsWith(LAYERS)) {
                String rest = key.substring(LAYERS.length());
                layers.add(Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
            }
        }
        if (layers.first() != 0 || layers.last() != layers.size() - 1) {
            throw new IllegalArgumentException("encoder layer indices are not 0.." + (layers.size() - 1) + ": "
                    + layers);
        }
        return new ClipTextConfig(Math.toIntExact(tokens.get(0)), Math.toIntExact(tokens.get(1)),
                Math.toIntExact(fc1.get(0)), layers.size(), numAttentionHeads, Math.toIntExact(positions.get(0)),
                layerNormEps);
    }

    /** Channels of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    private static void requireQuickGelu(JsonNode json) {
        String act = json.path("hidden_act").asText("quick_gelu");
        if (!act.equals("quick_gelu")) {
            throw new IllegalArgumentException("the CLIP text model is ported with quick_gelu, not " + act);
        }
    }

    private static int required(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("CLIP text hyperparameter " + key + " is missing or not an int");
        }
        return value.intValue();
    }

    private static Shape requiredShape(Map<String, Shape> shapes, String key) {
        Shape shape = shapes.get(key);
        if (shape == null || shape.dimension() != 2) {
            throw new IllegalArgumentException("CLIP text weights lack a 2-d " + key + ", got " + shape);
        }
        return shape;
    }
}
