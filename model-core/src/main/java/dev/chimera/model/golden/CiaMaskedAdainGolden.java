package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.chimera.model.cia.Adain;
import dev.chimera.model.cia.CrossImageAttentionProcessor;
import dev.chimera.model.cia.ObjectSegmentation;
import dev.chimera.model.cia.SegmentationAttention;
import dev.chimera.model.cia.SegmentationCapture;
import dev.chimera.model.cia.SwapSchedule;
import dev.chimera.model.sd.AttentionCall;

/**
 * The golden case {@code cia-masked-adain}: CIA's self-segmentation and masked AdaIN. The stored queries and keys go
 * through CIA's attention processor (not swapping) with the sampler's {@link SegmentationCapture} listening, in the
 * UNet's order; the masks come from the stored k-means labels and the captured noun maps, and masked AdaIN turns
 * latents[0] towards latents[1] inside the 64×64 masks.
 */
public final class CiaMaskedAdainGolden implements GoldenNetwork {

    private static final String[] IMAGES = {"style", "struct"};

    @Override
    public String network() {
        return "cia-masked-adain";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyper = goldenCase.config().path("hyperparameters");
        int heads = hyper.path("heads").asInt();
        int nounToken = hyper.path("noun_token").asInt();
        int clusters = hyper.path("num_segments").asInt();
        Map<String, NDArray> computed = new LinkedHashMap<>();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        for (JsonNode gridNode : hyper.path("self_attention_grids")) {
            int grid = gridNode.asInt();
            SegmentationAttention captured = capture(goldenCase, grid, heads, nounToken, manager);
            long stride = (long) grid * grid / 32;
            for (int image = 0; image < IMAGES.length; image++) {
                String name = IMAGES[image];
                computed.put("self_attention_mean." + name + "." + grid + ".rows",
                        captured.self().get(new NDIndex("{}, ::{}", image, stride)));
                NDArray noun = captured.noun().get(image);
                computed.put("noun_attention_mean." + name + "." + grid / 2, noun);
                int[] labels = input(goldenCase, "labels." + name + "." + grid).toType(
                        ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                NDArray mask = ObjectSegmentation.mask(labels, noun, clusters, manager);
                masks.put(name + "." + grid, mask);
                computed.put("masks." + name + "." + grid, mask);
            }
        }
        NDArray latents = input(goldenCase, "latents");
        int finest = hyper.path("self_attention_grids").get(hyper.path("self_attention_grids").size() - 1).asInt();
        NDArray out = Adain.masked(latents.get(0), latents.get(1), masks.get("struct." + finest),
                masks.get("style." + finest));
        computed.put("latents_after_masked_adain", NDArrays.concat(new NDList(out.expandDims(0),
                latents.get("1:"))));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("cia-masked-adain cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    /**
     * The maps the sampler captures for latents of {@code grid}²: the cross-attention at half the grid, then the
     * self-attention at the grid, as the UNet runs them.
     */
    private static SegmentationAttention capture(GoldenCase goldenCase, int grid, int heads, int nounToken,
            NDManager manager) {
        SegmentationCapture capture = new SegmentationCapture((long) grid * grid, nounToken, manager);
        CrossImageAttentionProcessor processor = new CrossImageAttentionProcessor(0, false, SwapSchedule.defaults(),
                Optional.of(capture));
        int half = grid / 2;
        NDArray crossQuery = input(goldenCase, "cross." + half + ".query");
        NDArray crossKey = input(goldenCase, "cross." + half + ".key");
        processor.attend(new AttentionCall("up_blocks.2.attentions.2.transformer_blocks.0.attn2", false,
                (long) half * half, heads, crossQuery, crossKey, crossKey));
        NDArray selfQuery = input(goldenCase, "self." + grid + ".query");
        NDArray selfKey = input(goldenCase, "self." + grid + ".key");
        processor.attend(new AttentionCall("up_blocks.3.attentions.2.transformer_blocks.0.attn1", true,
                (long) grid * grid, heads, selfQuery, selfKey, selfKey));
        SegmentationAttention captured = capture.result();
        if (captured == null) {
            throw new IllegalStateException("nothing was captured at grid " + grid);
        }
        return captured;
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("cia-masked-adain case lacks input " + name);
        }
        return value;
    }
}
