package dev.chimera.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.cia.CiaSettings;
import dev.chimera.model.cia.SamplerPath;
import dev.chimera.model.cia.SwapPredictions;
import dev.chimera.model.cia.UnetDenoiser;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.UNet2DConditionModel;

/**
 * Times SD-1.5's full-size UNet (random weights) at 64² latents as Cross-Image Attention calls it: one batch-1
 * inversion call (FreeU, plain attention), the faithful transfer step (swap and no-swap batch-3 calls) and the
 * shortcut's batch-4 call, both at a step where the 32² and 64² layers swap. Prints seconds per call (median), the
 * share of a batch-1 call's wall time inside libtorch operators, the peak resident memory, and a job's UNet time on
 * each path with CIA's defaults: faithful 400 batch-1 calls + 68 pairs of batch-3 calls (808 sample-evaluations),
 * shortcut 272 batch-1 calls + 68 batch-4 calls (544). Only the first (batch-1) measurement is preceded by a
 * warm-up call: the allocator and libtorch's kernels are warm for the larger batches after it.
 */
public final class CiaSpeedBenchmark {

    private static final int LATENT = 64;
    private static final int TEXT_TOKENS = 77;
    private static final int TIMESTEP = 671;
    /** A model step at which both the 32² and the 64² layers swap with CIA's defaults. */
    private static final int SWAPPING_STEP = 33;

    private CiaSpeedBenchmark() {
    }

    /** {@code CiaSpeedBenchmark [RUNS [TRACE_DIR]]}. */
    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path traces = Path.of(args.length > 1 ? args[1] : "target/bench");
        try (NDManager manager = NDManager.newBaseManager()) {
            SdUnetConfig config = SdUnetConfig.sd15();
            long start = System.nanoTime();
            UNet2DConditionModel unet = new UNet2DConditionModel(config);
            unet.initialize(manager, DataType.FLOAT32, 1L);
            double initSeconds = seconds(start);
            long parameters = unet.namedTensors().values().stream().mapToLong(p -> p.getArray().size()).sum();
            ParameterStore store = new ParameterStore(manager, false);
            CiaSettings settings = CiaSettings.reference("cat", 0);
            int noun = settings.nounToken();
            UnetDenoiser faithful = new UnetDenoiser(unet, store, UnetDenoiser.swapSchedule(settings),
                    SamplerPath.FAITHFUL, noun);
            UnetDenoiser shortcut = new UnetDenoiser(unet, store, UnetDenoiser.swapSchedule(settings),
                    SamplerPath.SHORTCUT, noun);
            NDArray one = manager.randomNormal(new Shape(1, config.inChannels(), LATENT, LATENT));
            NDArray three = manager.randomNormal(new Shape(3, config.inChannels(), LATENT, LATENT));
            NDArray textOne = manager.randomNormal(new Shape(1, TEXT_TOKENS, config.crossAttentionDim()));
            NDArray textThree = manager.randomNormal(new Shape(3, TEXT_TOKENS, config.crossAttentionDim()));

            System.out.printf(Locale.ROOT, "cia-speed: SD-1.5 UNet, %.1f M parameters (random, initialised in "
                    + "%.0f s), 64x64 latents, %d CPUs%n", parameters / 1e6, initSeconds,
                    Runtime.getRuntime().availableProcessors());
            double batchOne = median(runs, true, () -> time(() -> faithful.predict(one, TIMESTEP, textOne)));
            KernelTimeProfile.Measurement profiled = KernelTimeProfile.measure(
                    () -> faithful.predict(one, TIMESTEP, textOne).close(), traces.resolve("cia-unet-trace.json"));
            System.out.printf(Locale.ROOT, "  batch 1 (inversion call, FreeU): %.2f s per sample; profiled call "
                    + "%.2f s, %.1f%% inside libtorch operators; peak RSS so far %d MiB%n", batchOne,
                    profiled.wallMillis() / 1e3, 100 * profiled.kernelShare(), peakResidentMiB());
            double pair = median(runs, false, () -> time(() -> faithful.predictTransfer(three, TIMESTEP, textThree,
                    SWAPPING_STEP, false)));
            System.out.printf(Locale.ROOT, "  faithful transfer step (swap + no-swap, batch 3 each): %.2f s = "
                    + "%.2f s per sample; peak RSS so far %d MiB%n", pair, pair / 6, peakResidentMiB());
            double batchFour = median(runs, false, () -> time(() -> shortcut.predictTransfer(three, TIMESTEP, textThree,
                    SWAPPING_STEP, false)));
            System.out.printf(Locale.ROOT, "  shortcut transfer step (one batch-4 call): %.2f s = %.2f s per sample"
                    + "%n", batchFour, batchFour / 4);
            double faithfulJob = 400 * batchOne + 68 * pair;
            double shortcutJob = 272 * batchOne + 68 * batchFour;
            System.out.printf(Locale.ROOT, "  job estimate (UNet only): faithful 808 sample-evaluations %.0f s "
                    + "(%.1f min); shortcut 544 sample-evaluations %.0f s (%.1f min)%n", faithfulJob,
                    faithfulJob / 60, shortcutJob, shortcutJob / 60);
            System.out.printf(Locale.ROOT, "  peak RSS %d MiB%n", peakResidentMiB());
        }
    }

    /** Runs a call and closes what it returned, giving its wall seconds. */
    private static double time(Supplier<Object> call) {
        long start = System.nanoTime();
        Object result = call.get();
        double elapsed = seconds(start);
        if (result instanceof NDArray array) {
            array.close();
        } else if (result instanceof SwapPredictions predictions) {
            predictions.swap().close();
            predictions.noSwap().close();
        }
        return elapsed;
    }

    /** The median of {@code runs} timings, after one warm-up call when {@code warmUp}. */
    private static double median(int runs, boolean warmUp, Supplier<Double> timing) {
        if (warmUp) {
            timing.get();
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            values.add(timing.get());
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The process's high-water mark of resident memory, Linux only. */
    private static long peakResidentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
