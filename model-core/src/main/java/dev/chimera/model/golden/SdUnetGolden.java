package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.chimera.model.cia.CrossImageAttentionProcessor;
import dev.chimera.model.cia.SwapSchedule;
import dev.chimera.model.sd.Attention;
import dev.chimera.model.sd.AttentionProcessor;
import dev.chimera.model.sd.FreeU;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.sd.UnetObserver;

/**
 * The golden case {@code sd-unet}: SD's UNet built from config.json's {@code unet_config}, run plain, as CIA's FreeU
 * UNet with CIA's processor not swapping, and swapping at the two steps 20 and 33, with the diagnostics (time
 * embeddings, mid block output, FreeU-modified up block inputs, one swapped self-attention's row 0).
 */
public final class SdUnetGolden implements GoldenNetwork {

    private static final int[] SWAP_STEPS = {20, 33};
    private static final String ATTN_OUT_ROW0 = "diag.swap_step33.attn1_out_row0";
    private static final Pattern LAYER_IN_DESCRIPTION = Pattern.compile("of (\\S+\\.attn1) in the step-33");

    @Override
    public String network() {
        return "sd-unet";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyper = goldenCase.config().path("hyperparameters");
        UNet2DConditionModel unet = new UNet2DConditionModel(SdUnetConfig.fromJson(hyper.path("unet_config")));
        unet.loadStateDict(weights, manager);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray latents = input(goldenCase, "latents");
        NDArray text = input(goldenCase, "encoder_hidden_states");
        double timestep = input(goldenCase, "timestep").toType(DataType.FLOAT64, false).getDouble();
        SwapSchedule schedule = schedule(hyper.path("cia"));
        Optional<FreeU> freeU = Optional.of(FreeU.cia(unet.config()));

        Map<String, NDArray> computed = new LinkedHashMap<>();
        computed.put("eps_plain", unet.forward(store, latents, timestep, text, AttentionProcessor.PLAIN,
                Optional.empty(), new UnetObserver() {
                    @Override
                    public void timeProjection(NDArray tEmb) {
                        computed.put("diag.t_emb", tEmb);
                    }

                    @Override
                    public void timeEmbedding(NDArray emb) {
                        computed.put("diag.emb", emb);
                    }

                    @Override
                    public void midBlockOutput(NDArray sample) {
                        computed.put("diag.mid_out", sample);
                    }
                }));
        computed.put("eps_freeu_noswap", unet.forward(store, latents, timestep, text,
                new CrossImageAttentionProcessor(0, false, schedule, Optional.empty()), freeU, new UnetObserver() {
                    @Override
                    public void upBlockInput(int index, NDArray sample) {
                        computed.put("diag.freeu_up_in." + index, sample);
                    }
                }));
        String recordedLayer = recordedLayer(goldenCase);
        for (int step : SWAP_STEPS) {
            AttentionProcessor cia = new CrossImageAttentionProcessor(step, true, schedule, Optional.empty());
            AttentionProcessor recording = call -> {
                NDArray out = cia.attend(call);
                if (step == 33 && call.path().equals(recordedLayer)) {
                    NDArray row = out.get("0:1");
                    row.attach(manager);
                    computed.put(ATTN_OUT_ROW0, row);
                }
                return out;
            };
            computed.put("eps_cia_swap_step" + step, unet.forward(store, latents, timestep, text, recording, freeU,
                    UnetObserver.NONE));
        }
        if (computed.containsKey(ATTN_OUT_ROW0)) {
            Attention layer = unet.attentions().stream().filter(a -> a.path().equals(recordedLayer)).findFirst()
                    .orElseThrow();
            computed.put(ATTN_OUT_ROW0, layer.project(store, computed.get(ATTN_OUT_ROW0)));
        }

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("sd-unet cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    private static SwapSchedule schedule(JsonNode cia) {
        SwapSchedule defaults = SwapSchedule.defaults();
        JsonNode r32 = cia.path("cross_attn_32_range");
        JsonNode r64 = cia.path("cross_attn_64_range");
        return new SwapSchedule(r32.path(0).asInt(defaults.start32()), r32.path(1).asInt(defaults.end32()),
                r64.path(0).asInt(defaults.start64()), r64.path(1).asInt(defaults.end64()),
                (float) cia.path("contrast_strength").asDouble(defaults.contrastStrength()));
    }

    /** The layer whose output the case records, as its description names it. */
    private static String recordedLayer(GoldenCase goldenCase) {
        String description = goldenCase.config().path("outputs").path(ATTN_OUT_ROW0).path("description").asText();
        Matcher m = LAYER_IN_DESCRIPTION.matcher(description);
        return m.find() ? m.group(1) : "";
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("sd-unet case lacks input " + name);
        }
        return value;
    }
}
