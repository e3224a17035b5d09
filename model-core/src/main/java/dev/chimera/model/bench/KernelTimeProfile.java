package dev.chimera.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Measures how much of a piece of work's wall time is spent inside libtorch operators, with PyTorch's own profiler
 * as DJL exposes it ({@link JniUtils#startProfile}): the operator events of the trace are merged per thread, so
 * nested operators ({@code aten::conv2d} around {@code aten::mkldnn_convolution}) count once, and the rest of the
 * wall time is the Java side's overhead (DJL calls, JNI, our own code, garbage collection).
 */
public final class KernelTimeProfile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KernelTimeProfile() {
    }

    /**
     * One profiled run.
     *
     * @param wallMillis wall time of the work, profiler running
     * @param kernelMillis time covered by libtorch operators, summed over threads
     */
    public record Measurement(double wallMillis, double kernelMillis) {

        /** The share of the wall time spent in libtorch operators, 0..1. */
        public double kernelShare() {
            return wallMillis == 0 ? 0 : kernelMillis / wallMillis;
        }
    }

    /**
     * Runs {@code work} once under the profiler, writing the Chrome trace to {@code traceFile}. Only one profile may
     * run at a time in a process (the profiler is global to libtorch).
     */
    public static synchronized Measurement measure(Runnable work, Path traceFile) throws IOException {
        Files.createDirectories(traceFile.toAbsolutePath().getParent());
        JniUtils.startProfile(false, false, false);
        long start = System.nanoTime();
        long elapsed;
        try {
            work.run();
        } finally {
            elapsed = System.nanoTime() - start;
            JniUtils.stopProfile(traceFile.toString());
        }
        return new Measurement(elapsed / 1e6, operatorMicros(JSON.readTree(traceFile.toFile())) / 1e3);
    }

    /** The time covered by the trace's complete events ("ph": "X"), overlaps merged per thread, in microseconds. */
    static double operatorMicros(JsonNode trace) {
        Map<String, List<double[]>> byThread = new HashMap<>();
        for (JsonNode event : trace) {
            if ("X".equals(event.path("ph").asText())) {
                double begin = event.path("ts").asDouble();
                byThread.computeIfAbsent(event.path("tid").asText(), t -> new ArrayList<>())
                        .add(new double[] {begin, begin + event.path("dur").asDouble()});
            }
        }
        double total = 0;
        for (List<double[]> intervals : byThread.values()) {
            intervals.sort(Comparator.comparingDouble(i -> i[0]));
            double coveredUntil = Double.NEGATIVE_INFINITY;
            for (double[] interval : intervals) {
                double begin = Math.max(interval[0], coveredUntil);
                if (interval[1] > begin) {
                    total += interval[1] - begin;
                    coveredUntil = interval[1];
                }
            }
        }
        return total;
    }
}
