import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The mixed-load benchmark of issue 15, run by job-scheduler/bench/mixed-load: starts a scheduler, a gateway and two
 * workers of this checkout against the local stack's PostgreSQL, Kafka and S3 (in a schema, share group and consumer
 * group of their own), then measures, through the REST API and the jobs' own timings (created → started):
 * <ol>
 *   <li>after a warm-up of {@code CHIMERA_BENCH_WARMUP} morphs, dispatch latency at idle: one 2-frame morph at a
 *       time;</li>
 *   <li>short jobs' queue wait without a long job: 2-frame morphs, one every two seconds;</li>
 *   <li>the same with a long Splice transfer running on one of the two workers; the ratio of the two; and, as a
 *       control, the stream without the long job while a thread of the benchmark keeps one core busy;</li>
 *   <li>fairness: tenant A submits 200 morphs, then tenant B one; B's wait against one of A's job times, in
 *       {@code CHIMERA_BENCH_FAIRNESS_ROUNDS} rounds.</li>
 * </ol>
 * A single-file program on the JDK alone.
 */
public final class MixedLoadBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern QUEUE_WAIT = Pattern.compile("\"queueWaitMs\"\\s*:\\s*([0-9]+)");
    private static final Pattern RUN = Pattern.compile("\"runMs\"\\s*:\\s*([0-9]+)");
    private static final String ADMIN_KEY = "chimera-admin-bench";
    private static final String MORPH = "{\"frames\": 2}";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final byte[] imageA;
    private final byte[] imageB;

    private MixedLoadBenchmark(URI gateway) throws IOException {
        this.gateway = gateway;
        this.imageA = png(new Color(200, 80, 40));
        this.imageB = png(new Color(40, 90, 200));
    }

    /** A job's timings once it ended. */
    private record Timing(String id, long queueWaitMs, long runMs) {
    }

    public static void main(String[] args) throws Exception {
        Path checkout = Path.of(args[0]).toAbsolutePath();
        int warmup = Integer.parseInt(env("CHIMERA_BENCH_WARMUP", "100"));
        int shortJobs = Integer.parseInt(env("CHIMERA_BENCH_SHORT_JOBS", "40"));
        int idleDispatches = Integer.parseInt(env("CHIMERA_BENCH_DISPATCHES", "20"));
        // Long enough to outlast the stream (a step takes ~0.15 s here); it is canceled when the stream ends.
        int spliceSteps = Integer.parseInt(env("CHIMERA_BENCH_SPLICE_STEPS", "2000"));
        int flood = Integer.parseInt(env("CHIMERA_BENCH_FLOOD", "200"));
        int fairnessRounds = Integer.parseInt(env("CHIMERA_BENCH_FAIRNESS_ROUNDS", "5"));
        try (Stack stack = Stack.start(checkout)) {
            MixedLoadBenchmark bench = new MixedLoadBenchmark(stack.gateway());
            String tenant = bench.newTenant("bench");
            List<Timing> cold = bench.warmUp(tenant, warmup);
            System.out.printf(Locale.ROOT, "warm-up: %d morphs, one at a time, right after the services started:"
                    + " queue wait p50 %d ms, p99 %d ms%n", cold.size(), percentile(waits(cold), 50),
                    percentile(waits(cold), 99));

            List<Timing> idle = new ArrayList<>();
            for (int i = 0; i < idleDispatches; i++) {
                idle.add(bench.awaitEnd(tenant, bench.submit(tenant, "morphing", MORPH)));
            }
            long shortRun = percentile(runs(idle), 50);
            System.out.printf(Locale.ROOT, "dispatch latency at idle (created → started, %d morphs one at a time):"
                    + " p50 %d ms, p99 %d ms (target ≤ 25 / 150 ms); a 2-frame morph runs %d ms (p50)%n",
                    idle.size(), percentile(waits(idle), 50), percentile(waits(idle), 99), shortRun);

            // One worker must be able to keep up with the stream while the other runs the long job: what is left to
            // measure is whether a short job waits behind the long one.
            Duration spacing = Duration.ofMillis(Math.max(2000, shortRun * 3 / 2));
            System.out.printf(Locale.ROOT, "short jobs arrive every %d ms%n", spacing.toMillis());
            List<Timing> without = bench.shortStream(tenant, shortJobs, spacing);
            String splice = bench.submit(tenant, "transfer", "{\"iterations\": " + spliceSteps
                    + ", \"seed\": 7, \"dinoVariant\": \"vit_s8\", \"checkpointIntervalSteps\": 50}");
            bench.awaitStatus(tenant, splice, "running");
            List<Timing> with = bench.shortStream(tenant, shortJobs, spacing);
            boolean longStillRunning = bench.status(tenant, splice).equals("running");
            bench.finishedAndCancelRest(tenant, List.of(splice));
            long p50Without = percentile(waits(without), 50);
            long p95Without = percentile(waits(without), 95);
            long p50With = percentile(waits(with), 50);
            long p95With = percentile(waits(with), 95);
            System.out.printf(Locale.ROOT, "short jobs' queue wait without the long job: p50 %d ms, p95 %d ms (they ran"
                    + " %d ms, p50)%n", p50Without, p95Without, percentile(runs(without), 50));
            System.out.printf(Locale.ROOT, "short jobs' queue wait with a %d-step Splice running (still running"
                    + " when the stream ended: %s): p50 %d ms, p95 %d ms (they ran %d ms, p50)%n", spliceSteps,
                    longStillRunning, p50With, p95With, percentile(runs(with), 50));
            System.out.printf(Locale.ROOT, "ratio with/without: p50 %.2f, p95 %.2f (target ≤ 1.5)%n",
                    ratio(p50With, p50Without), ratio(p95With, p95Without));
            // The control separates queueing from this machine's cores: the long job takes one of them from the
            // control plane, as a spinning thread does without holding a worker.
            List<Timing> control;
            try (BusyCore busy = BusyCore.start()) {
                control = bench.shortStream(tenant, shortJobs, spacing);
            }
            long p50Control = percentile(waits(control), 50);
            long p95Control = percentile(waits(control), 95);
            System.out.printf(Locale.ROOT, "control, without the long job but with one core kept busy by a spinning"
                    + " thread: p50 %d ms, p95 %d ms; ratio with/control: p50 %.2f, p95 %.2f%n", p50Control,
                    p95Control, ratio(p50With, p50Control), ratio(p95With, p95Control));

            // Where B's order lands is chance (a partition of the worker that just finished, or of the other, busy
            // one), so the fairness figure is the median of several rounds, each with tenants of its own.
            List<Long> bWaits = new ArrayList<>();
            List<Long> aRuns = new ArrayList<>();
            for (int round = 1; round <= fairnessRounds; round++) {
                String tenantA = bench.newTenant("fair-a");
                String tenantB = bench.newTenant("fair-b");
                List<String> floodIds = new ArrayList<>();
                for (int i = 0; i < flood; i++) {
                    floodIds.add(bench.submit(tenantA, "morphing", MORPH));
                }
                Timing b = bench.awaitEnd(tenantB, bench.submit(tenantB, "morphing", MORPH));
                List<Timing> aDone = bench.finishedAndCancelRest(tenantA, floodIds);
                bench.awaitAllEnded(tenantA, floodIds);
                long aRun = percentile(runs(aDone), 50);
                bWaits.add(b.queueWaitMs());
                aRuns.addAll(runs(aDone));
                System.out.printf(Locale.ROOT, "fairness round %d: tenant A submitted %d morphs, then tenant B one:"
                        + " B waited %d ms while %d of A's ran (%d ms each, p50)%n", round, flood, b.queueWaitMs(),
                        aDone.size(), aRun);
            }
            long bWait = percentile(bWaits, 50);
            long aRun = percentile(aRuns, 50);
            System.out.printf(Locale.ROOT, "fairness: B waited %d ms (median of %d rounds, max %d ms); one of A's jobs"
                    + " runs %d ms (p50); B within one A job time: %s%n", bWait, bWaits.size(),
                    percentile(bWaits, 100), aRun, bWait <= aRun);
        }
    }

    // The timings of the jobs that succeeded; the others are canceled, so that nothing of the run is left queued.
    private List<Timing> finishedAndCancelRest(String key, List<String> ids) throws Exception {
        List<Timing> done = new ArrayList<>();
        for (String id : ids) {
            String body = send(request("/api/v1/jobs/" + id, key).GET(), 200);
            if (match(STATUS, body).equals("succeeded")) {
                done.add(new Timing(id, Long.parseLong(match(QUEUE_WAIT, body)), Long.parseLong(match(RUN, body))));
            } else {
                http.send(request("/api/v1/jobs/" + id + "/cancel", key).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
            }
        }
        return done;
    }

    private List<Timing> shortStream(String tenant, int count, Duration spacing) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long next = System.nanoTime() + spacing.toNanos();
            ids.add(submit(tenant, "morphing", MORPH));
            long left = next - System.nanoTime();
            if (left > 0 && i < count - 1) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (String id : ids) {
            timings.add(awaitEnd(tenant, id));
        }
        return timings;
    }

    // The figures are those of services that have been up for a while: the first jobs load each worker's model, and
    // the dispatch path runs interpreted until the JIT compiled it (one admission pass takes ~10 ms for its first
    // jobs and ~1.5 ms after a few hundred).
    private List<Timing> warmUp(String tenant, int jobs) throws Exception {
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < Math.max(1, jobs); i++) {
            timings.add(awaitEnd(tenant, submit(tenant, "morphing", MORPH)));
        }
        return timings;
    }

    private String newTenant(String prefix) throws Exception {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        send(request("/api/v1/admin/tenants", ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"name\":\"bench\"}")), 201);
        return match(KEY, send(request("/api/v1/admin/tenants/" + id + "/keys", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()), 201));
    }

    private String submit(String key, String kind, String params) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] body = multipart(boundary, kind, params, kind.equals("transfer")
                ? Map.of("structure", imageA, "appearance", imageB) : Map.of("imageA", imageA, "imageB", imageB));
        return match(ID, send(request("/api/v1/jobs", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 202));
    }

    private String status(String key, String id) throws Exception {
        return match(STATUS, send(request("/api/v1/jobs/" + id, key).GET(), 200));
    }

    private void awaitStatus(String key, String id, String wanted) throws Exception {
        awaitStatus(key, id, wanted::equals, "became " + wanted);
    }

    private void awaitAllEnded(String key, List<String> ids) throws Exception {
        for (String id : ids) {
            awaitStatus(key, id, status -> !status.equals("queued") && !status.equals("running"), "ended");
        }
    }

    private void awaitStatus(String key, String id, Predicate<String> reached, String what) throws Exception {
        long end = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (!reached.test(status(key, id))) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("job " + id + " never " + what);
            }
            Thread.sleep(50);
        }
    }

    private Timing awaitEnd(String key, String id) throws Exception {
        long end = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            String body = send(request("/api/v1/jobs/" + id, key).GET(), 200);
            String status = match(STATUS, body);
            if (status.equals("succeeded")) {
                return new Timing(id, Long.parseLong(match(QUEUE_WAIT, body)), Long.parseLong(match(RUN, body)));
            }
            if (!status.equals("queued") && !status.equals("running")) {
                throw new IllegalStateException("job " + id + " ended " + status + ": " + body);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("job " + id + " did not end in " + JOB_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private HttpRequest.Builder request(String path, String key) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("X-API-Key", key)
                .timeout(Duration.ofSeconds(30));
    }

    private String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static List<Long> runs(List<Timing> timings) {
        return timings.stream().map(Timing::runMs).toList();
    }

    private static List<Long> waits(List<Timing> timings) {
        return timings.stream().map(Timing::queueWaitMs).toList();
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // A wait of zero milliseconds would make any ratio infinite: waits are counted from 1 ms.
    private static double ratio(long with, long without) {
        return Math.max(1, with) / (double) Math.max(1, without);
    }

    private static byte[] multipart(String boundary, String kind, String params, Map<String, byte[]> images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n" + params
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        images.forEach((role, png) -> {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + role + "\"; filename=\""
                    + role + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(png);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, 64, 64);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(16, 16, 32, 32);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in: " + text);
        }
        return matcher.group(1);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A thread that keeps one core busy until closed. */
    private static final class BusyCore implements AutoCloseable {

        private volatile boolean running = true;
        private final Thread thread = new Thread(this::spin, "busy-core");

        static BusyCore start() {
            BusyCore busy = new BusyCore();
            busy.thread.setDaemon(true);
            busy.thread.start();
            return busy;
        }

        private void spin() {
            while (running) {
                // Each pass reads the volatile flag, so the loop is neither removed nor hoisted.
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /** The scheduler, the gateway and two workers of the checkout, each a process, in a schema of their own. */
    private static final class Stack implements AutoCloseable {

        private final List<Process> processes = new CopyOnWriteArrayList<>();
        private URI gateway;

        static Stack start(Path checkout) throws Exception {
            Stack stack = new Stack();
            // Ctrl-C or a kill must not leave the services running.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "mixed-load-stack-stop"));
            try {
                stack.launchAll(checkout);
                return stack;
            } catch (Exception e) {
                stack.close();
                throw e;
            }
        }

        URI gateway() {
            return gateway;
        }

        private void launchAll(Path checkout) throws Exception {
            Path runDir = checkout.resolve(".chimera/bench/mixed-load");
            Files.createDirectories(runDir.resolve("models"));
            Map<String, String> env = new HashMap<>();
            System.getenv().forEach((name, value) -> {
                if (name.startsWith("CHIMERA_")) {
                    env.put(name, value);
                }
            });
            String url = env.getOrDefault("CHIMERA_DB_URL", "jdbc:postgresql://127.0.0.1:15432/chimera");
            env.put("CHIMERA_DB_SCHEMA", "bench_mixed_load");
            env.put("CHIMERA_DB_URL", url);
            env.put("CHIMERA_SCHEDULER_GROUP", "chimera-scheduler-bench");
            env.put("CHIMERA_WORKER_GROUP", "chimera-work-bench");
            env.put("CHIMERA_WORKER_KINDS", "transfer,morphing");
            env.put("CHIMERA_ADMIN_KEY", ADMIN_KEY);
            env.put("CHIMERA_MODEL_CACHE", runDir.resolve("models").toString());
            env.put("PYTORCH_VERSION", "2.7.1");
            // One libtorch thread per worker: on a 2-core machine the two workers then stand for two devices, so a short
            // job does not run slower because the long job takes its cores (which is not what is measured here).
            env.put("OMP_NUM_THREADS", "1");
            int schedulerPort = freePort();
            launch(checkout, "job-scheduler", "scheduler", schedulerPort, env, runDir);
            awaitReady(URI.create("http://127.0.0.1:" + schedulerPort));
            for (int i = 1; i <= 2; i++) {
                Map<String, String> worker = new HashMap<>(env);
                worker.put("CHIMERA_WORKER_ID", "bench-worker-" + i);
                int port = freePort();
                launch(checkout, "gpu-worker", "worker-" + i, port, worker, runDir);
                awaitReady(URI.create("http://127.0.0.1:" + port));
            }
            int gatewayPort = freePort();
            Map<String, String> gatewayEnv = new HashMap<>(env);
            gatewayEnv.put("CHIMERA_MANAGEMENT_PORT", Integer.toString(freePort()));
            launch(checkout, "api-gateway", "gateway", gatewayPort, gatewayEnv, runDir);
            gateway = URI.create("http://127.0.0.1:" + gatewayPort);
            awaitReady(gateway);
            System.out.println("stack: scheduler, two workers (transfer, morphing) and a gateway of " + checkout
                    + "; logs in " + runDir);
        }

        private void launch(Path checkout, String module, String name, int port, Map<String, String> env,
                Path runDir) throws IOException {
            Path jar = checkout.resolve(module + "/target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw -q -o package -DskipTests");
            }
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-Doffline=true", "-Djava.io.tmpdir=" + runDir, "-jar", jar.toString())
                    .directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(runDir.resolve(name + ".log").toFile()));
            builder.environment().putAll(env);
            builder.environment().put("CHIMERA_HTTP_PORT", Integer.toString(port));
            processes.add(builder.start());
        }

        private static void awaitReady(URI service) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < end) {
                try {
                    HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(service.resolve("/q/health/ready"))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(service + " was not ready within 3 minutes");
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        @Override
        public void close() {
            // SIGTERM: each service stops gracefully (a worker releases its job).
            processes.forEach(Process::destroy);
            for (Process process : processes) {
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
