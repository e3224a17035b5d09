package dev.chimera.model.cia;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.SafetensorsWriter;

/**
 * One image's edit-friendly DDPM inversion: the noisy latents x_t and the noise maps z of every inference step from
 * {@code firstStep} on ({@code invert}'s {@code wts} and {@code zs} without the rows before it). The transfer starting
 * at step s needs {@code firstStep ≤ s}. Serialisable, so an inversion can be cached and fed back.
 *
 * @param xts [steps + 1 − firstStep, C, h, w]: row r is x_t of step firstStep + r, the last row is x₀
 * @param zs [steps − firstStep, C, h, w]: row r is z of step firstStep + r, the last row is 0
 * @param firstStep the first inference step kept
 * @param steps the schedule's number of inference steps
 */
public record Inversion(NDArray xts, NDArray zs, int firstStep, int steps) {

    private static final String XTS = "xts";
    private static final String ZS = "zs";
    private static final String FIRST_STEP = "first_step";
    private static final String STEPS = "steps";

    /** Checks that the rows match the steps. */
    public Inversion {
        if (firstStep < 0 || firstStep >= steps) {
            throw new IllegalArgumentException("firstStep must be 0.." + (steps - 1) + ", got " + firstStep);
        }
        if (xts.getShape().get(0) != steps + 1 - firstStep || zs.getShape().get(0) != steps - firstStep) {
            throw new IllegalArgumentException("an inversion of steps " + firstStep + ".." + steps + " needs "
                    + (steps + 1 - firstStep) + " latents and " + (steps - firstStep) + " noise maps, got "
                    + xts.getShape() + " and " + zs.getShape());
        }
    }

    /** x_t of inference step {@code step}. */
    public NDArray latent(int step) {
        return xts.get(row(step));
    }

    /** The noise maps of inference steps {@code step}.. (the stored zs the transfer starting there uses). */
    public NDArray noiseFrom(int step) {
        return zs.get(row(step) + ":");
    }

    private int row(int step) {
        if (step < firstStep || step >= steps) {
            throw new IllegalArgumentException("this inversion holds steps " + firstStep + ".." + (steps - 1)
                    + ", not " + step);
        }
        return step - firstStep;
    }

    /** Writes this inversion as a safetensors file (float32 maps plus the two step counts) to {@code out}. */
    public void write(WritableByteChannel out) throws IOException {
        NDManager manager = xts.getManager();
        try (NDArray first = manager.create(new long[] {firstStep});
                NDArray count = manager.create(new long[] {steps})) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put(FIRST_STEP, first);
            tensors.put(STEPS, count);
            tensors.put(XTS, xts);
            tensors.put(ZS, zs);
            SafetensorsWriter.write(tensors, out);
        }
    }

    /** Reads an inversion that {@link #write} wrote, into arrays owned by {@code manager}. */
    public static Inversion read(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> tensors = Checkpoints.read(file, manager);
        for (String name : new String[] {XTS, ZS, FIRST_STEP, STEPS}) {
            if (!tensors.containsKey(name)) {
                throw new IOException(file + " is not an inversion: it lacks " + name);
            }
        }
        return new Inversion(tensors.get(XTS), tensors.get(ZS), (int) tensors.get(FIRST_STEP).getLong(0),
                (int) tensors.get(STEPS).getLong(0));
    }
}
