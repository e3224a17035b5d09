package dev.chimera.model.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.clvae.ClvaeCodes;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.clvae.ClvaeGenerator;
import dev.chimera.model.clvae.ClvaeSynthesizer;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.crossbreed.CrossbreedGenerator;
import dev.chimera.model.crossbreed.CrossbreedMorph;

/**
 * Times the feed-forward methods at their published sizes with random weights on this machine: a 7-frame Neural
 * Crossbreed morph at 128² (dogs configuration) and one clVAE sample at 256² (ADE20K configuration). For each it
 * prints the median wall time of several runs and, from one run under PyTorch's profiler, the share of wall time
 * spent inside libtorch operators.
 */
public final class ModelSpeedBenchmark {

    private static final int MORPH_FRAMES = 7;

    private ModelSpeedBenchmark() {
    }

    /** {@code ModelSpeedBenchmark [RUNS [TRACE_DIR]]}: RUNS timed runs per workload (default 3) after one warm-up. */
    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path traces = Path.of(args.length > 1 ? args[1] : "target/bench");
        try (NDManager manager = NDManager.newBaseManager()) {
            report("crossbreed morph, 7 frames at 128x128 (dogs)", crossbreedMorph(manager), runs,
                    traces.resolve("crossbreed-trace.json"));
            report("clvae sample, 1 image at 256x256 (ADE20K)", clvaeSample(manager), runs,
                    traces.resolve("clvae-trace.json"));
        }
    }

    private static Runnable crossbreedMorph(NDManager manager) {
        CrossbreedGenerator generator = new CrossbreedGenerator(CrossbreedConfig.published());
        generator.initialize(manager, DataType.FLOAT32);
        CrossbreedMorph morph = new CrossbreedMorph(generator);
        int side = CrossbreedConfig.published().imgSize();
        NDArray xA = manager.randomUniform(-1f, 1f, new Shape(1, 3, side, side));
        NDArray xB = manager.randomUniform(-1f, 1f, new Shape(1, 3, side, side));
        NDArray alphas = CrossbreedMorph.alphas(manager, MORPH_FRAMES);
        return () -> {
            try (NDManager frame = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(frame, false);
                CrossbreedMorph.toUnitRange(morph.basic(store, xA, xB, alphas)).toFloatArray();
            }
        };
    }

    private static Runnable clvaeSample(NDManager manager) {
        ClvaeConfig config = ClvaeConfig.ade20k();
        ClvaeGenerator generator = new ClvaeGenerator(config);
        generator.initialize(manager, DataType.FLOAT32);
        ClvaeSynthesizer synthesizer = new ClvaeSynthesizer(generator, null);
        NDArray labelMap = manager.randomInteger(0, config.semanticNc(),
                new Shape(1, 1, config.imageHeight(), config.imageWidth()), DataType.INT64);
        return () -> {
            try (NDManager sample = manager.newSubManager()) {
                NDArray labels = labelMap.duplicate();
                labels.attach(sample);
                ClvaeCodes codes = synthesizer.randomCodes(labels, 7);
                synthesizer.sample(labels, codes).toFloatArray();
            }
        };
    }

    private static void report(String workload, Runnable work, int runs, Path trace) throws IOException {
        work.run();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        KernelTimeProfile.Measurement profiled = KernelTimeProfile.measure(work, trace);
        System.out.printf(Locale.ROOT, "%s: %.1f ms (median of %d, min %.1f, max %.1f); profiled run %.1f ms, "
                + "%.1f%% inside libtorch operators%n", workload, millis[runs / 2], runs, millis[0],
                millis[runs - 1], profiled.wallMillis(), 100 * profiled.kernelShare());
    }
}
