package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;

/** The harness on a toy case it builds itself: passes, failures, tolerances, families and the summary line. */
class GoldenHarnessTest {

    @TempDir
    Path dir;

    private NDManager manager;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private Path toyCase() throws IOException {
        return ToyCase.write(dir.resolve("toy"), manager, ToyCase.SCALE);
    }

    private GoldenHarness.Summary run(GoldenNetwork network, Path... cases) {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return new GoldenHarness(List.of(network), out).run(List.of(cases));
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String line(String weightsFile, String output) {
        return lines().stream().filter(l -> l.startsWith("toy " + weightsFile + " " + output + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + output + " in " + lines()));
    }

    @Test
    void anExactNetworkPassesEveryOutputWithWeightsFromBothFiles() throws IOException {
        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact(), toyCase());

        assertEquals(new GoldenHarness.Summary(8, 0), summary);
        assertEquals(0, summary.exitStatus());
        assertEquals("8 passed, 0 failed", lines().get(lines().size() - 1));
        for (String file : List.of("weights.safetensors", "weights.pth")) {
            for (String output : List.of("y", "grad.scale", "grad.shift", "steps")) {
                assertTrue(line(file, output).matches(".* max_abs=0\\.000e\\+00 max_rel=0\\.000e\\+00 PASS"),
                        line(file, output));
            }
        }
    }

    @Test
    void anErrorAboveThePerOutputAtolFailsThatOutputAndTheExitStatus() throws IOException {
        GoldenHarness.Summary summary = run(new ToyAffineNetwork(0, 2e-4f, ""), toyCase());

        assertEquals(new GoldenHarness.Summary(6, 2), summary);
        assertEquals(1, summary.exitStatus());
        assertTrue(line("weights.pth", "y").matches("toy weights.pth y max_abs=2\\.\\d{3}e-04 max_rel=\\S+ FAIL"),
                line("weights.pth", "y"));
        assertEquals("6 passed, 2 failed", lines().get(lines().size() - 1));
    }

    @Test
    void anErrorWithinTheRelativeToleranceStillPasses() throws IOException {
        // y[4] = 5 * -2 + 1 = -9: atol 1e-4 + rtol 1e-5 * 9 allows 1.9e-4.
        assertEquals(new GoldenHarness.Summary(8, 0), run(new ToyAffineNetwork(4, 1.8e-4f, ""), toyCase()));
    }

    @Test
    void anElementExceptionWidensOnlyItsOwnElement() throws IOException {
        assertEquals(new GoldenHarness.Summary(8, 0), run(new ToyAffineNetwork(5, 0.4f, ""), toyCase()));
        assertEquals(new GoldenHarness.Summary(6, 2), run(new ToyAffineNetwork(4, 0.4f, ""), toyCase()));
    }

    @Test
    void weightsThatDifferBetweenTheFilesFailOnlyTheRunOfTheDifferentFile() throws IOException {
        Path toy = ToyCase.write(dir.resolve("toy"), manager, new float[] {0.5f, -2f, 3.5f});

        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact(), toy);

        assertTrue(line("weights.safetensors", "y").endsWith("PASS"));
        assertTrue(line("weights.safetensors", "grad.scale").endsWith("PASS"));
        assertTrue(line("weights.pth", "y").endsWith("FAIL"));
        assertTrue(line("weights.pth", "grad.scale").endsWith("FAIL"));
        assertEquals(new GoldenHarness.Summary(6, 2), summary);
    }

    @Test
    void anOutputTheNetworkDoesNotReturnFails() throws IOException {
        GoldenHarness.Summary summary = run(new ToyAffineNetwork(0, 0, "grad.shift"), toyCase());

        assertTrue(line("weights.pth", "grad.shift").endsWith("FAIL (the network did not return it)"));
        assertEquals(new GoldenHarness.Summary(6, 2), summary);
    }

    @Test
    void aCaseOfAnUnknownNetworkCountsAsOneFailure() throws IOException {
        Path toy = toyCase();
        Files.writeString(toy.resolve("config.json"), ToyCase.CONFIG.replace("toy-affine", "dino-vit"));

        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact(), toy);

        assertEquals(List.of("toy - - no network for dino-vit FAIL", "0 passed, 1 failed"), lines());
        assertEquals(1, summary.exitStatus());
    }

    @Test
    void aCaseWithoutItsPthFileCannotRunAndTheNextCaseStillRuns() throws IOException {
        Path broken = ToyCase.write(dir.resolve("broken"), manager, ToyCase.SCALE);
        Files.delete(broken.resolve("weights.pth"));

        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact(), broken, toyCase());

        assertTrue(lines().get(0).startsWith("broken - - cannot run: IOException: missing "), lines().get(0));
        assertTrue(lines().get(0).endsWith("weights.pth FAIL"), lines().get(0));
        assertEquals(new GoldenHarness.Summary(8, 1), summary);
    }

    @Test
    void aNetworkThatThrowsFailsThatWeightsFileWithTheReason() throws IOException {
        GoldenNetwork throwing = new GoldenNetwork() {
            @Override
            public String network() {
                return "toy-affine";
            }

            @Override
            public java.util.Map<String, ai.djl.ndarray.NDArray> run(GoldenCase goldenCase,
                    java.util.Map<String, ai.djl.ndarray.NDArray> weights, NDManager runManager) {
                throw new IllegalStateException("wrong\nshape");
            }
        };

        GoldenHarness.Summary summary = run(throwing, toyCase());

        assertEquals(List.of(
                "toy weights.safetensors - cannot run: IllegalStateException: wrong shape FAIL",
                "toy weights.pth - cannot run: IllegalStateException: wrong shape FAIL",
                "0 passed, 2 failed"), lines());
        assertEquals(new GoldenHarness.Summary(0, 2), summary);
    }

    @Test
    void aFamilyWithoutAnyGoldenTensorFails() throws IOException {
        Path toy = toyCase();
        Files.writeString(toy.resolve("config.json"),
                ToyCase.CONFIG.replace("\"steps\": {}", "\"steps\": {}, \"after.<key>\": {}"));

        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact(), toy);

        assertTrue(line("weights.pth", "after.<key>").endsWith("FAIL (no golden tensor of this family)"));
        assertEquals(new GoldenHarness.Summary(8, 2), summary);
    }

    @Test
    void nothingToCheckIsNotASuccess() {
        GoldenHarness.Summary summary = run(ToyAffineNetwork.exact());

        assertEquals(List.of("0 passed, 0 failed"), lines());
        assertEquals(1, summary.exitStatus());
    }
}
