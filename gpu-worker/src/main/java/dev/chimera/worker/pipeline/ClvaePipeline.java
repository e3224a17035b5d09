package dev.chimera.worker.pipeline;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.params.ClvaeParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.model.clvae.ClvaeCodes;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.ClvaeSynthesizer;
import dev.chimera.model.clvae.StyleMeans;
import dev.chimera.model.imaging.ImageCodec;
import dev.chimera.model.imaging.ImageGeometry;
import dev.chimera.worker.models.ClvaeWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelSource;

/**
 * Semantic image synthesis with clVAE: the label map (class index per pixel, nearest-resized to the network's size)
 * gives {@code params.samples} images {@code sample-000.png}…, sample i drawn from seed + i. With a style image the
 * codes of the classes the style shows come from its encoding, the label map standing in for the style's own.
 */
public final class ClvaePipeline implements Pipeline<ClvaeParams> {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final ModelSource models;

    /** A pipeline taking its networks from {@code models}. */
    public ClvaePipeline(ModelSource models) {
        this.models = models;
    }

    @Override
    public MethodSpec<ClvaeParams> spec() {
        return ClvaeParams.SPEC;
    }

    @Override
    public PipelineResult run(ClvaeParams params, InputImages images, JobContext context) {
        context.step("loading", 0, params.samples());
        LoadedModel<ClvaeSynthesizer> model = models.load(ClvaeWeights.family(params.dataset()),
                ClvaeWeights.loader());
        ClvaeSynthesizer synthesizer = model.network();
        ClvaeConfig config = synthesizer.config();
        requireWithinBudget(params, images, config, context.memoryBudget());
        NDManager manager = context.manager();
        NDArray labels = ImageGeometry.resizeNearest(images.labelMap("labelMap", manager), config.imageHeight(),
                config.imageWidth());
        checkClasses(labels, config.semanticNc());
        StyleMeans style = params.styleGuided() ? style(images, labels, synthesizer, manager) : null;
        long seed = params.seed() != null ? params.seed() : SEEDS.nextLong() & ClvaeParams.MAX_SEED;

        List<ResultFile> files = new ArrayList<>();
        for (int i = 0; i < params.samples(); i++) {
            ClvaeCodes codes = style == null
                    ? synthesizer.randomCodes(labels, seed + i)
                    : synthesizer.styleGuidedCodes(labels, style, seed + i);
            NDArray image = toUnitRange(synthesizer.sample(labels, codes)).get(0);
            files.add(ResultFile.png(String.format("sample-%03d.png", i), ImageCodec.encodePng(image)));
            context.step("sampling", i + 1, params.samples());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seed", seed);
        details.put("imageHeight", config.imageHeight());
        details.put("imageWidth", config.imageWidth());
        details.put("classes", config.semanticNc());
        return new PipelineResult(files, model.manifest(), details);
    }

    private static void requireWithinBudget(ClvaeParams params, InputImages images, ClvaeConfig config,
            MemoryBudget budget) {
        PixelSize labelMap = images.size("labelMap");
        long bytes = MemoryEstimate.decodedLabelMap(labelMap)
                + MemoryEstimate.clvaeSampling(config, params.samples(), params.styleGuided());
        String what = "a " + labelMap + " label map and " + params.samples() + " samples";
        if (params.styleGuided()) {
            PixelSize style = images.size("style");
            bytes += MemoryEstimate.decodedPicture(style);
            what += " with a " + style + " style image";
        }
        budget.require(bytes, what, "smaller images or fewer samples");
    }

    /** The generator's tanh output to [0, 1], as the reference's {@code tensor2im} maps it. */
    private static NDArray toUnitRange(NDArray image) {
        return image.add(1f).div(2f).clip(0f, 1f);
    }

    private static void checkClasses(NDArray labels, int classes) {
        long max = labels.max().getLong();
        if (max >= classes) {
            throw new PipelineFailure(FailureCode.INVALID_LABEL_MAP, "the label map holds class " + max
                    + " but the model knows classes 0 to " + (classes - 1));
        }
    }

    private static StyleMeans style(InputImages images, NDArray labels, ClvaeSynthesizer synthesizer,
            NDManager manager) {
        Shape size = labels.getShape();
        NDArray style = ImageGeometry.resizeBilinear(images.rgb("style", manager), (int) size.get(2),
                (int) size.get(3));
        try {
            return synthesizer.encodeStyle(InputImages.toSignedRange(style), labels);
        } catch (IllegalStateException e) {
            throw new PipelineFailure(FailureCode.MODEL_WITHOUT_STYLE_ENCODER, e.getMessage());
        }
    }
}
