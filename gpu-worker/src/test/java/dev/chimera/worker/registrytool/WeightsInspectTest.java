package dev.chimera.worker.registrytool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.chimera.model.weights.Checkpoints;
import dev.chimera.model.weights.FloatWidening;
import dev.chimera.model.weights.SparseSafetensors;

/** {@code weights inspect FILE} lists a checkpoint's tensors from the file alone, in bounded memory, without S3. */
class WeightsInspectTest {

    private static final Path CROSSBREED = Path.of(System.getProperty("chimera.golden.dir"), "crossbreed-generator");
    private static final Pattern LINE = Pattern.compile("(\\S+) (\\S+) \\[([0-9, ]*)\\] sum=(\\S+)");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private int inspect(String... args) {
        return WeightsTool.inspect(List.of(args), new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private List<String> printedLines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"weights.safetensors", "weights.pth", "weights-legacy.pth"})
    void printsEveryTensorWithItsStoredTypeShapeAndSum(String name) throws IOException {
        Path file = CROSSBREED.resolve(name);

        assertEquals(0, inspect(file.toString()), errors());

        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = Checkpoints.read(file, manager, FloatWidening.KEEP);
            List<String> lines = printedLines();
            assertEquals(tensors.size(), lines.size());
            int i = 0;
            for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
                Matcher line = LINE.matcher(lines.get(i++));
                assertTrue(line.matches(), line.toString());
                NDArray array = tensor.getValue();
                assertEquals(tensor.getKey(), line.group(1));
                assertEquals(array.getDataType().toString(), line.group(2));
                assertEquals(Arrays.toString(array.getShape().getShape()), "[" + line.group(3) + "]");
                double expected = array.toType(DataType.FLOAT64, false).sum().getDouble();
                assertEquals(expected, Double.parseDouble(line.group(4)), 1e-9 * Math.max(1, Math.abs(expected)),
                        tensor.getKey());
            }
        }
    }

    @Test
    void aBadFileFailsWithOneLineNamingIt() throws IOException {
        byte[] whole = Files.readAllBytes(CROSSBREED.resolve("weights.safetensors"));
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(whole, whole.length - 1));
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        Path missing = dir.resolve("missing.safetensors");

        for (Path file : List.of(truncated, text, missing)) {
            errors.reset();

            assertEquals(1, inspect(file.toString()), file.toString());
            List<String> lines = errors().lines().toList();
            assertEquals(1, lines.size(), errors());
            assertTrue(lines.get(0).startsWith("weights: ") && lines.get(0).contains(file.toString()), errors());
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void inspectTakesExactlyOneFileAndIsInTheUsage() {
        assertEquals(2, inspect());
        assertTrue(errors().contains("inspect needs exactly one FILE"), errors());
        assertTrue(WeightsTool.USAGE.contains("inspect FILE"));
    }

    @Test
    void listsA2Point5GiBSafetensorsFileWithATensorPast2GiBIn256MiBOfHeap() throws Exception {
        Path file = Path.of("target", "sparse-" + System.nanoTime() + ".safetensors");
        try {
            SparseSafetensors.write(file, true);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), WeightsTool.class.getName(), "inspect", file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();

            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "inspect still running after 5 minutes");
            assertEquals(0, process.exitValue());
            assertEquals(List.of("first float32 [4] sum=10.0", "hole float32 [640, 1024, 1024] sum=0.0",
                    "last float32 [3] sum=4.25"), new String(output, StandardCharsets.UTF_8).lines().toList());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
