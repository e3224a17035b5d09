package dev.chimera.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.splice.SkipConfig;
import dev.chimera.model.splice.SpliceLossConfig;
import dev.chimera.model.splice.SpliceTraining;

/**
 * Times Splice training steps on this machine with randomly initialised networks, for one configuration per run:
 * {@code tiny} (the two-scale skip net and two-block ViT of MODELS.md §1(f) on 40×48 images), or Splice's own
 * generator with DINO {@code vit-s8} or {@code vit-b8} on images with a 224-pixel short side. Prints the seconds per
 * ordinary step (median), per entire-image step (every 75th), their amortised mean, the share of an ordinary step's
 * wall time inside libtorch operators, and the process's peak resident memory.
 */
public final class SpliceSpeedBenchmark {

    private static final SkipConfig TINY_SKIP = new SkipConfig(3, 3, List.of(4, 8), List.of(4, 8), List.of(2, 2),
            List.of(3, 3), List.of(3, 3), 1, true, false, true, false, "bilinear", 0.2f, true, 1e-5f, 0.1f);
    private static final VitConfig TINY_VIT = new VitConfig(32, 8, 3, 32, 2, 2, 64, true, 1e-6f);
    private static final SpliceLossConfig TINY_LOSS = new SpliceLossConfig(10, 1, 1, 10, 1, 1, 75, 32);

    /** One measured configuration: its networks, loss schedule and image size. */
    private record Workload(String name, SkipConfig skip, VitConfig vit, SpliceLossConfig loss, int height,
            int width) {
    }

    private SpliceSpeedBenchmark() {
    }

    /** {@code SpliceSpeedBenchmark CONFIG [STEPS [TRACE_DIR]]}: CONFIG is tiny, vit-s8 or vit-b8. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: SpliceSpeedBenchmark tiny|vit-s8|vit-b8 [STEPS [TRACE_DIR]]");
        }
        Workload workload = workload(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path traces = Path.of(args.length > 2 ? args[2] : "target/bench");
        try (NDManager manager = NDManager.newBaseManager()) {
            measure(workload, steps, manager, traces.resolve("splice-" + workload.name() + "-trace.json"));
        }
    }

    private static Workload workload(String name) {
        return switch (name) {
            case "tiny" -> new Workload(name, TINY_SKIP, TINY_VIT, TINY_LOSS, 40, 48);
            case "vit-s8" -> new Workload(name, SkipConfig.splice(), VitConfig.vitS8(), SpliceLossConfig.splice(),
                    224, 298);
            case "vit-b8" -> new Workload(name, SkipConfig.splice(), VitConfig.vitB8(), SpliceLossConfig.splice(),
                    224, 298);
            default -> throw new IllegalArgumentException("unknown configuration " + name
                    + " (tiny, vit-s8 or vit-b8)");
        };
    }

    private static void measure(Workload workload, int steps, NDManager manager, Path trace) throws IOException {
        VisionTransformer vit = new VisionTransformer(workload.vit());
        vit.initialize(manager, DataType.FLOAT32);
        NDArray structure = randomImage(manager, 1, workload.height(), workload.width());
        NDArray appearance = randomImage(manager, 2, workload.height(), workload.width());
        try (SpliceTraining training = SpliceTraining.start(workload.skip(), vit, workload.loss(), structure,
                appearance, 0, manager)) {
            // Step 0 is the entire-image step (step % 75 == 0) and warms up the JIT and allocator; steps 1.. are
            // ordinary ones.
            double entireSeconds = timedSteps(training, 1);
            List<Double> ordinary = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                ordinary.add(timedSteps(training, 1));
            }
            Collections.sort(ordinary);
            double median = ordinary.get(ordinary.size() / 2);
            KernelTimeProfile.Measurement profiled = KernelTimeProfile.measure(() -> timedSteps(training, 1), trace);
            int every = workload.loss().entireEvery();
            double amortised = ((every - 1) * median + entireSeconds) / every;
            System.out.printf(Locale.ROOT, "splice %s, %dx%d images: %.3f s/step (median of %d ordinary steps, "
                    + "min %.3f, max %.3f); entire-image step (1 in %d) %.3f s; amortised %.3f s/step = %.2f "
                    + "steps/s; profiled step %.1f%% inside libtorch operators; peak RSS %d MiB%n",
                    workload.name(), workload.height(), workload.width(), median, steps, ordinary.get(0),
                    ordinary.get(ordinary.size() - 1), every, entireSeconds, amortised, 1 / amortised,
                    100 * profiled.kernelShare(), peakResidentMiB());
        }
    }

    private static double timedSteps(SpliceTraining training, int count) {
        long start = System.nanoTime();
        training.run(training.step() + count, (step, losses) -> { }, () -> false);
        return (System.nanoTime() - start) / 1e9;
    }

    private static NDArray randomImage(NDManager manager, long seed, int height, int width) {
        Random random = new Random(seed);
        float[] values = new float[3 * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return manager.create(values, new Shape(1, 3, height, width));
    }

    /** The process's high-water mark of resident memory (Java heap, native libtorch buffers and code), Linux only. */
    private static long peakResidentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
