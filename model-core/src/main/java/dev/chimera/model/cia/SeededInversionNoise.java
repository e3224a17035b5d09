package dev.chimera.model.cia;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Inversion noise drawn in Java: the map of timestep t comes from its own generator seeded with
 * {@code seed · 1000 + t}, so a seed gives the same maps on every CPU (libtorch's sampler differs per instruction
 * set), each step's map is independent of the others, and steps that are skipped draw nothing.
 *
 * @param seed the seed of this image's inversion
 * @param schedule the schedule whose timesteps index the draws
 */
public record SeededInversionNoise(long seed, DdimSchedule schedule) implements InversionNoise {

    @Override
    public NDArray draw(int index, Shape shape, NDManager manager) {
        SplittableRandom random = new SplittableRandom(seed * DdimSchedule.TRAIN_TIMESTEPS + schedule.timestep(index));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) gaussian(random);
        }
        return manager.create(values, shape);
    }

    /** A standard normal sample by the Box–Muller transform. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
