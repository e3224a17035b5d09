package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers' {@code Timesteps} ({@code get_timestep_embedding}): frequencies exp(−ln(10000)·i / (half − shift)),
 * the embedding [sin, cos] of t·frequency, or [cos, sin] with flip_sin_to_cos, zero-padded to an odd size. Computed in
 * double and rounded once, which the golden tolerances accept as the reference's float32.
 */
public final class Timesteps {

    private static final double MAX_PERIOD = 10000;

    private Timesteps() {
    }

    /** The [batch, dim] embedding of one timestep broadcast to the batch, as the UNet does. */
    public static NDArray embed(NDManager manager, double timestep, int batch, int dim, boolean flipSinToCos,
            int freqShift) {
        int half = dim / 2;
        float[] row = new float[dim];
        for (int i = 0; i < half; i++) {
            double frequency = Math.exp(-Math.log(MAX_PERIOD) * i / (half - freqShift));
            double angle = timestep * frequency;
            row[flipSinToCos ? i : half + i] = (float) Math.cos(angle);
            row[flipSinToCos ? half + i : i] = (float) Math.sin(angle);
        }
        float[] all = new float[batch * dim];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(row, 0, all, b * dim, dim);
        }
        return manager.create(all, new Shape(batch, dim));
    }
}
