package dev.chimera.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.weights.Checkpoints;

/**
 * Times loading a Stable Diffusion 1.5 UNet checkpoint into a zero-initialised UNet and reports the process's peak
 * resident memory; without an existing file it first writes a sparse sd15-shaped one ({@link SparseUnetCheckpoint}).
 */
public final class LoadSpeedBenchmark {

    private LoadSpeedBenchmark() {
    }

    /** {@code LoadSpeedBenchmark FILE}: loads FILE (written first if absent) and prints seconds and peak RSS. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        UNet2DConditionModel unet = new UNet2DConditionModel(SdUnetConfig.sd15());
        boolean synthetic = !Files.exists(file);
        if (synthetic) {
            SparseUnetCheckpoint.write(file, unet.namedShapes());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            initializeWithZeros(unet, manager);
            long rssBefore = peakRssKiB();
            long start = System.nanoTime();
            unet.loadStateDict(Checkpoints.read(file, manager), manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (synthetic) {
                checkFirstElements(unet, manager);
            }
            System.out.printf(Locale.ROOT, "loaded %d tensors (%.2f GB) of %s in %.1f s; peak RSS %.2f GB after"
                    + " initialising, %.2f GB after loading%n", unet.namedTensors().size(), Files.size(file) / 1e9,
                    file, seconds, rssBefore / 1e6 * 1.024, peakRssKiB() / 1e6 * 1.024);
        }
    }

    /** Zeros rather than the seeded draws of {@code initialize}, which would take minutes for 860 M values. */
    private static void initializeWithZeros(UNet2DConditionModel unet, NDManager manager) {
        Map<String, Shape> shapes = unet.namedShapes();
        unet.namedTensors().forEach((name, p) -> p.setArray(manager.zeros(shapes.get(name), DataType.FLOAT32)));
    }

    private static void checkFirstElements(UNet2DConditionModel unet, NDManager manager) {
        List<Parameter> tensors = List.copyOf(unet.namedTensors().values());
        for (int i = 0; i < tensors.size(); i++) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray first = tensors.get(i).getArray().reshape(-1).get(0);
                first.attach(scratch);
                if (first.getFloat() != SparseUnetCheckpoint.firstElement(i)) {
                    throw new IllegalStateException(tensors.get(i).getName() + " starts with " + first.getFloat()
                            + ", not " + SparseUnetCheckpoint.firstElement(i));
                }
            }
        }
    }

    /** VmHWM of /proc/self/status: the most resident memory this process has had, in KiB. */
    private static long peakRssKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
