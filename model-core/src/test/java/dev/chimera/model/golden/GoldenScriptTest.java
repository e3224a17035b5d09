package dev.chimera.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/golden} as a user runs it: its report on stdout and its exit status. */
class GoldenScriptTest {

    @TempDir
    Path dir;

    private record Result(int exitStatus, List<String> stdout) {
    }

    private Result runScript(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("bin/golden").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // The test JVM's classpath already holds the compiled module, so the script need not build it.
        builder.environment().put("CHIMERA_GOLDEN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        Process process = builder.start();
        List<String> stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/golden did not finish");
        return new Result(process.exitValue(), stdout);
    }

    @Test
    void aCaseItCannotRunGivesAFailureLineTheSummaryAndExitStatusOne() throws Exception {
        Path unknown = Files.createDirectories(dir.resolve("mystery"));
        Files.writeString(unknown.resolve("config.json"), "{\"network\": \"mystery-net\"}");

        Result result = runScript("mystery");

        assertEquals(List.of("mystery - - no network for mystery-net FAIL", "0 passed, 1 failed"), result.stdout());
        assertEquals(1, result.exitStatus());
    }

    @Test
    void withoutCaseFoldersItPrintsUsageAndExitsTwo() throws Exception {
        Result result = runScript();

        assertEquals(List.of(), result.stdout());
        assertEquals(2, result.exitStatus());
    }
}
