package dev.chimera.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Chimera service as its own operating-system process ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}),
 * on a fixed port, appending to its own log file, that can be stopped with SIGTERM, killed with SIGKILL and started
 * again on the same port.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path runDirectory) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = runDirectory.resolve(name + ".log");
        this.pidFile = runDirectory.resolve(name + ".pid");
    }

    /** The service's name, e.g. {@code gateway} or {@code worker-2}. */
    public String name() {
        return name;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process (killing a leftover of an earlier, aborted run first) and waits until it is ready. */
    public synchronized ServiceProcess start() {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting for it; {@link #awaitReady()} waits. */
    public synchronized void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        killLeftover();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -q package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
                "-Dchimera.e2e.service=" + name, "-Doffline=true",
                "-Djava.io.tmpdir=" + RepoPaths.localDir().resolve("tmp")));
        String extraOptions = System.getenv().getOrDefault("CHIMERA_E2E_JVM_OPTS", "").trim();
        if (!extraOptions.isEmpty()) {
            command.addAll(List.of(extraOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.checkout().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("CHIMERA_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(RepoPaths.localDir().resolve("tmp"));
            Files.writeString(logFile, "\n=== " + Instant.now() + " starting " + name + " on port " + port + " ===\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGTERM, then waits for the process to exit (the worker releases its job first). */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit(Duration.ofSeconds(60));
        }
    }

    /** SIGKILL: the process ends at once, without any shutdown work. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    /** Whether the process is running. */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The body of {@code GET /q/health/ready}, whatever its status, or empty when the service does not answer. */
    public Optional<String> readiness() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until GET /q/health/ready answers 200; fails if the process exits first or takes too long. */
    public void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "see " + logFile);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + "; see " + logFile);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /**
     * The last {@code count} warning or error lines this service logged since it was last started, for the message
     * of a test that gave up waiting for it.
     */
    public List<String> lastProblems(int count) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            List<String> problems = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("=== ")) {
                    problems.clear();
                } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    problems.add(line);
                }
            }
            return problems.subList(Math.max(0, problems.size() - count), problems.size());
        } catch (IOException e) {
            return List.of("cannot read " + logFile + ": " + e);
        }
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // A test JVM killed with SIGKILL leaves its services running; they would take this run's Kafka partitions.
    private void killLeftover() {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(handle -> handle.info().commandLine().orElse("").contains("-Dchimera.e2e.service=" + name + " "))
                    .ifPresent(handle -> {
                        handle.destroyForcibly();
                        handle.onExit().join();
                    });
            Files.delete(pidFile);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot check the leftover process of " + pidFile, e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
