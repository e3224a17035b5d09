package dev.chimera.model.golden;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.Checkpoints;

/**
 * Runs golden case folders against the Java networks: for each case, builds the network named in config.json, loads
 * the weights from every weights file of the case in turn (safetensors, zip pth, legacy pth), computes the outputs
 * and compares each with the reference within its tolerance. Prints one line per output and weights file, then
 * {@code N passed, N failed}; a case that cannot run counts as one failure.
 */
public final class GoldenHarness {

    /** The weights files a case may ship; the first two are required. */
    static final List<String> WEIGHTS_FILES = List.of("weights.safetensors", "weights.pth", "weights-legacy.pth");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<GoldenNetwork> networks;
    private final PrintStream out;
    private int passed;
    private int failed;

    /** A harness that knows {@code networks} and prints its report to {@code out}. */
    public GoldenHarness(List<GoldenNetwork> networks, PrintStream out) {
        this.networks = List.copyOf(networks);
        this.out = out;
    }

    /** {@code GoldenHarness CASE_DIR...}: exits 0 only when every output of every case passed. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: golden CASE_DIR...");
            System.exit(2);
        }
        Summary summary = new GoldenHarness(GoldenNetworks.all(), System.out)
                .run(Arrays.stream(args).map(Path::of).toList());
        System.exit(summary.exitStatus());
    }

    /** The counts of a run: outputs passed, and outputs failed plus cases that could not run. */
    public record Summary(int passed, int failed) {

        /** Whether something was checked and nothing failed. */
        public boolean allPassed() {
            return failed == 0 && passed > 0;
        }

        /** The process exit status: 0 when all passed, 1 otherwise. */
        public int exitStatus() {
            return allPassed() ? 0 : 1;
        }
    }

    /** Runs every case folder, prints the report and its final line, and returns the counts. */
    public Summary run(List<Path> caseDirs) {
        for (Path dir : caseDirs) {
            try (NDManager manager = NDManager.newBaseManager()) {
                runCase(dir, manager);
            } catch (Exception e) {
                fail(dir.getFileName() + " - - cannot run: " + reason(e));
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return new Summary(passed, failed);
    }

    private void runCase(Path dir, NDManager manager) throws IOException {
        String caseName = String.valueOf(dir.getFileName());
        JsonNode config = JSON.readTree(require(dir.resolve("config.json")).toFile());
        String networkName = config.path("network").asText();
        GoldenNetwork network = GoldenNetworks.find(networks, networkName).orElse(null);
        if (network == null) {
            fail(caseName + " - - no network for " + networkName);
            return;
        }
        GoldenCase goldenCase = new GoldenCase(dir, config,
                Checkpoints.read(require(dir.resolve("inputs.safetensors")), manager),
                Checkpoints.read(require(dir.resolve("outputs.safetensors")), manager));
        require(dir.resolve(WEIGHTS_FILES.get(0)));
        require(dir.resolve(WEIGHTS_FILES.get(1)));
        for (String weightsFile : WEIGHTS_FILES) {
            Path weights = dir.resolve(weightsFile);
            if (Files.exists(weights)) {
                try (NDManager runManager = manager.newSubManager()) {
                    runWeights(caseName, weightsFile, goldenCase, weights, network, runManager);
                } catch (Exception e) {
                    fail(caseName + " " + weightsFile + " - cannot run: " + reason(e));
                }
            }
        }
    }

    private void runWeights(String caseName, String weightsFile, GoldenCase goldenCase, Path weights,
            GoldenNetwork network, NDManager manager) throws IOException {
        Map<String, NDArray> actual = network.run(goldenCase, Checkpoints.read(weights, manager), manager);
        JsonNode tolerance = goldenCase.config().path("tolerance");
        Map<String, List<String>> entries = ExpectedOutputs.names(goldenCase.config().path("outputs"),
                goldenCase.expected().keySet());
        for (Map.Entry<String, List<String>> entry : entries.entrySet()) {
            String prefix = caseName + " " + weightsFile + " ";
            if (entry.getValue().isEmpty()) {
                report(prefix + entry.getKey(), OutputComparison.failure("no golden tensor of this family"));
            }
            for (String name : entry.getValue()) {
                report(prefix + name, compare(goldenCase, actual, name, Tolerance.of(tolerance, name, entry.getKey())));
            }
        }
    }

    private static OutputComparison compare(GoldenCase goldenCase, Map<String, NDArray> actual, String name,
            Tolerance tolerance) {
        NDArray golden = goldenCase.expected().get(name);
        if (golden == null) {
            return OutputComparison.failure("not in outputs.safetensors");
        }
        NDArray computed = actual.get(name);
        if (computed == null) {
            return OutputComparison.failure("the network did not return it");
        }
        return OutputComparison.compare(golden, computed, tolerance);
    }

    private void report(String what, OutputComparison comparison) {
        out.println(what + " " + comparison.describe());
        if (comparison.passed()) {
            passed++;
        } else {
            failed++;
        }
    }

    private void fail(String line) {
        out.println(line + " FAIL");
        failed++;
    }

    private static Path require(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file);
        }
        return file;
    }

    private static String reason(Exception e) {
        return (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s*\n\\s*", " ");
    }
}
