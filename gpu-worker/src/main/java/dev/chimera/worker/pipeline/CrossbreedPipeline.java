package dev.chimera.worker.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.chimera.contract.params.CrossbreedParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.crossbreed.CrossbreedMorph;
import dev.chimera.model.imaging.AnimatedGif;
import dev.chimera.model.imaging.ContactSheet;
import dev.chimera.model.imaging.ImageCodec;
import dev.chimera.model.imaging.ImageGeometry;
import dev.chimera.worker.models.CrossbreedWeights;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelSource;

/**
 * Morphing with Neural Crossbreed: image A and image B, each resized by its short side and centre-cropped to the
 * network's size, give the basic morph as {@code frame-000.png}… plus {@code morph.gif}, and optionally the
 * disentangled content × style grid as {@code grid-r<row>-c<column>.png} plus the {@code grid.png} contact sheet.
 * Basic frames are computed one at a time so that progress and cancellation come per frame.
 */
public final class CrossbreedPipeline implements Pipeline<CrossbreedParams> {

    /** How long the animation shows each frame. */
    static final Duration FRAME_DELAY = Duration.ofMillis(120);
    private static final int SHEET_GAP = 2;

    private final ModelSource models;

    /** A pipeline taking its generator from {@code models}. */
    public CrossbreedPipeline(ModelSource models) {
        this.models = models;
    }

    @Override
    public MethodSpec<CrossbreedParams> spec() {
        return CrossbreedParams.SPEC;
    }

    @Override
    public PipelineResult run(CrossbreedParams params, InputImages images, JobContext context) {
        long totalSteps = params.frames() + (params.disentangled() ? 1 : 0);
        context.step("loading", 0, totalSteps);
        LoadedModel<CrossbreedGenerator> model = models.load(CrossbreedWeights.FAMILY, CrossbreedWeights.loader());
        int size = model.network().config().imgSize();
        PixelSize sizeA = images.size("imageA");
        PixelSize sizeB = images.size("imageB");
        context.memoryBudget().require(MemoryEstimate.decodedPicture(sizeA) + MemoryEstimate.decodedPicture(sizeB)
                + MemoryEstimate.crossbreedMorph(model.network().config(), params.frames(), params.disentangled(),
                        params.gridSize()),
                sizeA + " and " + sizeB + " images, " + params.frames() + " frames"
                        + (params.disentangled() ? " and a " + params.gridSize() + "² grid" : ""),
                "smaller images, fewer frames or a smaller gridSize");
        NDManager manager = context.manager();
        NDArray xA = prepared(images.rgb("imageA", manager), size);
        NDArray xB = prepared(images.rgb("imageB", manager), size);
        ParameterStore store = new ParameterStore(manager, false);
        CrossbreedMorph morph = new CrossbreedMorph(model.network());

        List<ResultFile> files = new ArrayList<>();
        List<NDArray> frames = new ArrayList<>();
        NDArray alphas = CrossbreedMorph.alphas(manager, params.frames());
        for (int i = 0; i < params.frames(); i++) {
            NDArray alpha = alphas.get(new NDIndex("{}:{}", i, i + 1));
            NDArray frame = CrossbreedMorph.toUnitRange(morph.basic(store, xA, xB, alpha)).get(0);
            frames.add(frame);
            files.add(ResultFile.png(String.format("frame-%03d.png", i), ImageCodec.encodePng(frame)));
            context.step("morphing", i + 1, totalSteps);
        }
        files.add(new ResultFile("morph.gif", AnimatedGif.encode(frames, FRAME_DELAY), "image/gif"));
        if (params.disentangled()) {
            files.addAll(grid(morph, store, xA, xB, params, manager));
            context.step("grid", totalSteps, totalSteps);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("imageSize", size);
        details.put("frames", params.frames());
        return new PipelineResult(files, model.manifest(), details);
    }

    private static List<ResultFile> grid(CrossbreedMorph morph, ParameterStore store, NDArray xA, NDArray xB,
            CrossbreedParams params, NDManager manager) {
        int n = params.gridSize();
        CrossbreedMorph.Grid grid = morph.disentangled(store, xA, xB, CrossbreedMorph.alphas(manager, n),
                manager.create(new float[] {(float) params.tau()}));
        NDArray cells = CrossbreedMorph.toUnitRange(grid.frames());
        List<ResultFile> files = new ArrayList<>();
        List<NDArray> sheet = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                NDArray cell = cells.get(r * n + c);
                sheet.add(cell);
                files.add(ResultFile.png(String.format("grid-r%d-c%d.png", r, c), ImageCodec.encodePng(cell)));
            }
        }
        files.add(ResultFile.png("grid.png", ImageCodec.encodePng(ContactSheet.compose(sheet, n, SHEET_GAP))));
        return files;
    }

    private static NDArray prepared(NDArray picture, int size) {
        return InputImages.toSignedRange(ImageGeometry.resizeShortSideAndCenterCrop(picture, size));
    }
}
