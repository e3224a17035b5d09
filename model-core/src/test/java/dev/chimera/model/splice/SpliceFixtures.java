package dev.chimera.model.splice;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;

/** The tiny Splice configuration of MODELS.md §1(f): a two-scale skip net, a two-block ViT, 40×48 images. */
final class SpliceFixtures {

    static final SkipConfig SKIP = new SkipConfig(3, 3, List.of(4, 8), List.of(4, 8), List.of(2, 2), List.of(3, 3),
            List.of(3, 3), 1, true, false, true, false, "bilinear", 0.2f, true, 1e-5f, 0.1f);
    static final VitConfig VIT = new VitConfig(32, 8, 3, 32, 2, 2, 64, true, 1e-6f);
    /** Splice's weights and warm-up, the entire image every second step, a 32-pixel ViT input. */
    static final SpliceLossConfig LOSS = new SpliceLossConfig(10, 1, 1, 10, 1, 1, 2, 32);

    private SpliceFixtures() {
    }

    /** A randomly initialised ViT. */
    static VisionTransformer vit(NDManager manager) {
        VisionTransformer vit = new VisionTransformer(VIT);
        vit.initialize(manager, DataType.FLOAT32);
        return vit;
    }

    /** A new ViT holding the same weights as {@code original}. */
    static VisionTransformer copyOf(VisionTransformer original, NDManager manager) {
        Map<String, NDArray> weights = original.namedTensors().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getArray()));
        VisionTransformer copy = new VisionTransformer(VIT);
        copy.loadStateDict(weights, manager);
        return copy;
    }

    /** A reproducible random RGB image [1, 3, height, width] in [0, 1]. */
    static NDArray image(NDManager manager, long seed, int height, int width) {
        Random random = new Random(seed);
        float[] values = new float[3 * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return manager.create(values, new Shape(1, 3, height, width));
    }
}
