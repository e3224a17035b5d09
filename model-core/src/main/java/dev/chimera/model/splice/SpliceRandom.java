package dev.chimera.model.splice;

import java.util.Arrays;

/**
 * A seeded xoshiro256** generator whose whole state is four longs, so a Splice run can save it in a checkpoint and
 * continue the same random sequence after a resume ({@link java.util.SplittableRandom} cannot expose its state).
 */
public final class SpliceRandom {

    private final long[] state;

    /** A generator seeded from {@code seed} through SplitMix64, as xoshiro's authors recommend. */
    public SpliceRandom(long seed) {
        state = new long[4];
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            state[i] = z ^ (z >>> 31);
        }
    }

    private SpliceRandom(long[] state) {
        if (state.length != 4 || Arrays.stream(state).allMatch(s -> s == 0)) {
            throw new IllegalArgumentException("a xoshiro256** state is four longs, not all zero");
        }
        this.state = state.clone();
    }

    /** A generator that continues from a state returned by {@link #state()}. */
    public static SpliceRandom fromState(long[] state) {
        return new SpliceRandom(state);
    }

    /** A copy of the current state. */
    public long[] state() {
        return state.clone();
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(state[1] * 5, 7) * 9;
        long t = state[1] << 17;
        state[2] ^= state[0];
        state[3] ^= state[1];
        state[1] ^= state[2];
        state[0] ^= state[3];
        state[2] ^= t;
        state[3] = Long.rotateLeft(state[3], 45);
        return result;
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform double in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** A uniform int in [0, bound), bound positive. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** A standard normal sample by the Box–Muller transform (two uniforms per sample, nothing cached). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
