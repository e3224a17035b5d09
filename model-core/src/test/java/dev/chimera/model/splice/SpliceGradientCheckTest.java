package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;

/**
 * The gradients the Splice trainer back-propagates, checked against no reference but the loss itself: float64
 * central differences of the whole Splice loss (all five terms, through the frozen ViT) on a few dozen entries of
 * every generator tensor. The network is shaped where bugs hide: three levels whose inner Concats crop, odd and
 * non-square images, a depth-3 ViT with four heads, and a DINO resize that enlarges the crops.
 */
class SpliceGradientCheckTest {

    private static final SkipConfig SKIP = new SkipConfig(3, 3, List.of(4, 6, 8), List.of(4, 6, 8),
            List.of(2, 2, 2), List.of(3, 3, 3), List.of(3, 3, 3), 1, true, false, true, false, "bilinear", 0.2f, true,
            1e-5f, 0.1f);
    private static final VitConfig VIT = new VitConfig(32, 8, 3, 32, 3, 4, 64, true, 1e-6f);
    /** All five terms on at step 1: past the warm-up, the entire image every step, crops enlarged to 40 pixels. */
    private static final SpliceLossConfig LOSS = new SpliceLossConfig(10, 1, 1, 10, 1, 1, 1, 40);
    private static final long STEP = 1;
    private static final int ENTRIES_PER_TENSOR = 24;
    private static final double H = 1e-6;
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-4;

    @Test
    void everyGradientMatchesCentralDifferencesOfTheWholeLossInDoublePrecision() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(20261206L);
            SpliceGenerator generator = new SpliceGenerator(SKIP);
            generator.initialize(manager, DataType.FLOAT64);
            generator.loadStateDict(randomWeights(generator.namedShapes(), random, manager), manager);
            VisionTransformer vit = new VisionTransformer(VIT);
            vit.initialize(manager, DataType.FLOAT64);
            vit.loadStateDict(randomWeights(vit.namedShapes(), random, manager), manager);
            SpliceLoss loss = new SpliceLoss(vit, LOSS);
            ParameterStore store = new ParameterStore(manager, false);
            SpliceTrainer trainer = new SpliceTrainer(generator, loss, TorchAdam.splice(), store);
            NDArray imageA = image(manager, random, 27, 33);
            NDArray imageB = image(manager, random, 29, 23);
            SpliceTrainer.StepInputs inputs = new SpliceTrainer.StepInputs(
                    imageA.get(":, :, 1:26, 4:29"), imageB.get(":, :, 3:24, 1:22"), imageA, STEP);

            Map<String, NDArray> gradients = trainer.lossAndGradients(inputs).gradients();

            List<String> mismatches = new ArrayList<>();
            int checked = 0;
            for (Map.Entry<String, Parameter> tensor : generator.namedTensors().entrySet()) {
                if (!tensor.getValue().requiresGradient()) {
                    continue;
                }
                NDArray weights = tensor.getValue().getArray();
                NDArray analytic = gradients.get(tensor.getKey());
                for (long flat : sampledEntries(weights.getShape(), random)) {
                    long[] index = unravel(flat, weights.getShape());
                    double expected = centralDifference(weights, index, () -> totalLoss(generator, vit, loss,
                            inputs, manager));
                    double actual = analytic.getDouble(index);
                    checked++;
                    if (Math.abs(actual - expected) > ATOL + RTOL * Math.max(Math.abs(actual), Math.abs(expected))) {
                        mismatches.add(tensor.getKey() + flat + ": backward " + actual + ", differences " + expected);
                    }
                }
            }

            assertTrue(checked >= 600, "checked only " + checked + " entries");
            assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + checked + " entries differ: "
                    + mismatches.subList(0, Math.min(10, mismatches.size())));
        }
    }

    /** (L(θ + h) − L(θ − h)) / 2h for one entry of {@code weights}, which is restored afterwards. */
    private static double centralDifference(NDArray weights, long[] index, DoubleSupplier loss) {
        NDArray storage = weights.stopGradient();
        double original = weights.getDouble(index);
        storage.set(new NDIndex(index), original + H);
        double plus = loss.getAsDouble();
        storage.set(new NDIndex(index), original - H);
        double minus = loss.getAsDouble();
        storage.set(new NDIndex(index), original);
        return (plus - minus) / (2 * H);
    }

    /** The weighted total of the step's loss terms, computed as the trainer does but without gradients. */
    private static double totalLoss(SpliceGenerator generator, VisionTransformer vit, SpliceLoss loss,
            SpliceTrainer.StepInputs inputs, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            // An op's result belongs to its receiver's manager; lent to the scope, the images and the networks' own
            // tensors take nothing of the evaluation back with them.
            generator.namedTensors().values().forEach(p -> p.getArray().tempAttach(scope));
            vit.namedTensors().values().forEach(p -> p.getArray().tempAttach(scope));
            List.of(inputs.globalA(), inputs.globalB(), inputs.entireA()).forEach(image -> image.tempAttach(scope));
            ParameterStore store = new ParameterStore(scope, false);
            NDArray globalOutput = generator.forward(store, inputs.globalA(), null);
            NDArray entireOutput = generator.forward(store, inputs.entireA(), null);
            NDArray identityOutput = generator.forward(store, inputs.globalB(), null);
            LossTerms terms = loss.compute(store, new SpliceLoss.Images(inputs.globalA(), inputs.globalB(),
                    inputs.entireA(), globalOutput, identityOutput, entireOutput), inputs.step());
            return terms.total().getDouble();
        }
    }

    /** Well-conditioned random weights: N(0, 1/fan_in) matrices, norms near one, small biases and statistics. */
    private static Map<String, NDArray> randomWeights(Map<String, Shape> shapes, Random random, NDManager manager) {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            if (name.endsWith("num_batches_tracked")) {
                weights.put(name, manager.zeros(shape, DataType.INT64));
                return;
            }
            double[] values = new double[Math.toIntExact(shape.size())];
            boolean norm = shape.dimension() == 1 && name.endsWith(".weight");
            double std = shape.dimension() >= 2 && !name.endsWith("pos_embed") && !name.endsWith("cls_token")
                    ? 1 / Math.sqrt(shape.size() / shape.get(0)) : 0.1;
            for (int i = 0; i < values.length; i++) {
                values[i] = name.endsWith("running_var") ? 1 + 0.1 * Math.abs(random.nextGaussian())
                        : (norm ? 1 : 0) + std * random.nextGaussian();
            }
            weights.put(name, manager.create(values, shape));
        });
        return weights;
    }

    private static NDArray image(NDManager manager, Random random, int height, int width) {
        double[] values = new double[3 * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        return manager.create(values, new Shape(1, 3, height, width));
    }

    /** Up to {@value #ENTRIES_PER_TENSOR} distinct flat indices of a tensor, all of them when it is that small. */
    private static List<Long> sampledEntries(Shape shape, Random random) {
        long size = shape.size();
        List<Long> entries = new ArrayList<>();
        if (size <= ENTRIES_PER_TENSOR) {
            for (long i = 0; i < size; i++) {
                entries.add(i);
            }
            return entries;
        }
        while (entries.size() < ENTRIES_PER_TENSOR) {
            long flat = (long) (random.nextDouble() * size);
            if (!entries.contains(flat)) {
                entries.add(flat);
            }
        }
        return entries;
    }

    private static long[] unravel(long flat, Shape shape) {
        long[] index = new long[shape.dimension()];
        long rest = flat;
        for (int axis = shape.dimension() - 1; axis >= 0; axis--) {
            index[axis] = rest % shape.get(axis);
            rest /= shape.get(axis);
        }
        return index;
    }
}
