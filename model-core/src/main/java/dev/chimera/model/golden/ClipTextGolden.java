package dev.chimera.model.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.clip.ClipTextOutput;
import dev.chimera.model.clip.ClipTokenizer;
import dev.chimera.model.clip.ClipTokens;

/**
 * The golden case {@code clip-text}: tokenises the case's prompts with CLIP's vocabulary file (found in
 * {@code reference-data/clip/} beside an ancestor of the case folder) in SD's layout, exact ids and lengths; and runs
 * the text encoder, sized by the weights and the config's head count, on {@code model_input_ids}.
 */
public final class ClipTextGolden implements GoldenNetwork {

    static final Path VOCABULARY = Path.of("reference-data", "clip", "bpe_simple_vocab_16e6.txt.gz");
    private static final String HIDDEN_STATE = "diag.hidden_states.";

    @Override
    public String network() {
        return "clip-text";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyper = goldenCase.config().path("hyperparameters");
        Map<String, NDArray> computed = new LinkedHashMap<>();
        putTokens(computed, tokenizer(goldenCase.dir()), hyper.path("tokenizer"), prompts(goldenCase.config()),
                manager);

        JsonNode text = hyper.path("text_config");
        ClipTextModel model = ClipTextModel.fromWeights(weights, text.path("num_attention_heads").intValue(),
                (float) text.path("layer_norm_eps").asDouble(1e-5), manager);
        NDArray ids = goldenCase.inputs().get("model_input_ids");
        if (ids == null) {
            throw new IllegalArgumentException("clip-text case lacks input model_input_ids");
        }
        ClipTextOutput output = model.forward(new ParameterStore(manager, false), ids, true);
        computed.put("last_hidden_state", output.lastHiddenState());
        computed.put("pooler_output", output.poolerOutput());
        computed.put("diag.embeddings", output.hiddenStates().get(0));
        for (int i = 1; i < output.hiddenStates().size(); i++) {
            computed.put(HIDDEN_STATE + i, output.hiddenStates().get(i));
        }

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("clip-text cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    private static void putTokens(Map<String, NDArray> computed, ClipTokenizer tokenizer, JsonNode layout,
            List<String> prompts, NDManager manager) {
        requireId(layout, "bos_id", tokenizer.startId());
        requireId(layout, "eos_id", tokenizer.endId());
        requireId(layout, "pad_id", tokenizer.endId());
        int context = layout.path("model_max_length").asInt(ClipTokenizer.SD15_CONTEXT_LENGTH);
        long[] ids = new long[prompts.size() * context];
        long[] lengths = new long[prompts.size()];
        long[] untruncated = new long[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            ClipTokens tokens = tokenizer.tokenize(prompts.get(i), context);
            System.arraycopy(tokens.inputIds(), 0, ids, i * context, context);
            lengths[i] = tokens.length();
            untruncated[i] = tokens.untruncatedLength();
        }
        computed.put("input_ids", manager.create(ids, new Shape(prompts.size(), context)));
        computed.put("lengths", manager.create(lengths));
        computed.put("untruncated_lengths", manager.create(untruncated));
    }

    private static void requireId(JsonNode layout, String field, int tokenizerId) {
        if (layout.has(field) && layout.get(field).intValue() != tokenizerId) {
            throw new IllegalArgumentException("the case's " + field + " is " + layout.get(field) + ", CLIP's "
                    + "vocabulary gives " + tokenizerId);
        }
    }

    /** The prompts from their UTF-8 bytes in hex when the case gives them, which no JSON escaping can alter. */
    private static List<String> prompts(JsonNode config) {
        JsonNode prompts = config.path("inputs").path("prompts");
        JsonNode hex = prompts.path("utf8_hex");
        JsonNode source = hex.isArray() ? hex : prompts.path("values");
        List<String> out = new ArrayList<>();
        source.forEach(p -> out.add(hex.isArray()
                ? new String(HexFormat.of().parseHex(p.asText()), StandardCharsets.UTF_8)
                : p.asText()));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("clip-text case has no prompts");
        }
        return out;
    }

    private static ClipTokenizer tokenizer(Path caseDir) {
        for (Path dir = caseDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(VOCABULARY);
            if (Files.isRegularFile(file)) {
                try {
                    return ClipTokenizer.read(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException("no " + VOCABULARY + " beside " + caseDir + " or any folder above it");
    }
}
