package dev.chimera.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops and starts one server of the local stack ({@code deploy/local/stack}) for fault tests. */
public final class LocalStack {

    // The script waits up to 5 minutes for the stack's lock, then up to its own start timeout.
    private static final long TIMEOUT_MINUTES = 7;

    private LocalStack() {
    }

    /** Stops one server ({@code postgres}, {@code s3}) and returns once it is down. */
    public static void stop(String server) {
        run("stop", server);
    }

    /** Starts one server and returns once it answers. */
    public static void start(String server) {
        run("start", server);
    }

    private static void run(String command, String server) {
        Path checkout = Path.of(System.getProperty("chimera.repo.dir", ".."));
        Path script = checkout.resolve("deploy/local/stack");
        try {
            // Output goes to a file, not a pipe: a server the script launches must not keep our read end open.
            Path log = Files.createTempFile("stack-" + command + "-" + server + "-", ".log");
            Process process = new ProcessBuilder(script.toString(), command, server)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                process.destroy();
            }
            if (!finished || process.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/stack " + command + " " + server
                        + (finished ? " exited with " + process.exitValue() : " timed out") + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running stack " + command + " " + server, e);
        }
    }
}
