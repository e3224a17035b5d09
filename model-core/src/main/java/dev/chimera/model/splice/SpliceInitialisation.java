package dev.chimera.model.splice;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.BatchNorm2d;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.TorchModule;

/**
 * Splice's {@code init_weights} ({@code networks.py}, init type xavier, gain 0.02): every convolution weight from
 * {@code xavier_normal_} (std = gain · sqrt(2 / (fan_in + fan_out))), every convolution bias 0, every BatchNorm weight
 * from N(1, 0.02) and bias 0, running statistics 0 and 1, {@code num_batches_tracked} an int64 0. Values are drawn
 * in Java from a {@link SpliceRandom} in state-dict order, so a seed gives the same generator on every device (not the
 * values torch's own generator would give for that seed).
 */
public final class SpliceInitialisation {

    private static final double GAIN = 0.02;

    private SpliceInitialisation() {
    }

    /** Initialises {@code generator}'s tensors, owned by {@code manager}, from {@code random}. */
    public static void initialise(SpliceGenerator generator, SpliceRandom random, NDManager manager) {
        Map<String, Shape> shapes = generator.namedShapes();
        Map<String, NDArray> stateDict = new LinkedHashMap<>();
        try (NDManager scratch = manager.newSubManager()) {
            for (Map.Entry<String, TorchModule> e : generator.namedModules().entrySet()) {
                String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
                if (e.getValue() instanceof Conv2d) {
                    Shape weight = shapes.get(prefix + "weight");
                    long receptive = weight.size() / (weight.get(0) * weight.get(1));
                    double std = GAIN * Math.sqrt(2.0 / ((weight.get(0) + weight.get(1)) * receptive));
                    stateDict.put(prefix + "weight", normal(scratch, random, weight, 0, std));
                    if (shapes.containsKey(prefix + "bias")) {
                        stateDict.put(prefix + "bias", scratch.zeros(shapes.get(prefix + "bias")));
                    }
                } else if (e.getValue() instanceof BatchNorm2d) {
                    Shape channels = shapes.get(prefix + "weight");
                    stateDict.put(prefix + "weight", normal(scratch, random, channels, 1, 0.02));
                    stateDict.put(prefix + "bias", scratch.zeros(channels));
                    stateDict.put(prefix + "running_mean", scratch.zeros(channels));
                    stateDict.put(prefix + "running_var", scratch.ones(channels));
                    stateDict.put(prefix + "num_batches_tracked", scratch.zeros(new Shape(), DataType.INT64));
                }
            }
            generator.loadStateDict(stateDict, manager);
        }
    }

    private static NDArray normal(NDManager manager, SpliceRandom random, Shape shape, double mean, double std) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + std * random.nextGaussian());
        }
        return manager.create(values, shape);
    }
}
