import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Drives a running Chimera stack over its REST API and prints submits/s with latency percentiles, status polls/s
 * (plain and with If-None-Match) and dispatch latency (created → started with an idle worker). Run by
 * api-gateway/bench/load; a single-file program on the JDK alone, so it needs no build.
 */
public final class LoadBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern CREATED = Pattern.compile("\"createdAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STARTED = Pattern.compile("\"startedAt\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String apiKey;

    private LoadBenchmark(URI gateway, String apiKey) {
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(env("CHIMERA_BENCH_GATEWAY", "http://127.0.0.1:8080"));
        int clients = Integer.parseInt(env("CHIMERA_BENCH_CLIENTS", "16"));
        int submits = Integer.parseInt(env("CHIMERA_BENCH_SUBMITS", "2000"));
        int warmup = Integer.parseInt(env("CHIMERA_BENCH_WARMUP", "300"));
        Duration pollFor = Duration.ofSeconds(Long.parseLong(env("CHIMERA_BENCH_POLL_SECONDS", "10")));
        int dispatches = Integer.parseInt(env("CHIMERA_BENCH_DISPATCHES", "40"));
        String adminKey = env("CHIMERA_ADMIN_KEY", "chimera-admin-dev");

        String key = createTenant(gateway, adminKey);
        LoadBenchmark bench = new LoadBenchmark(gateway, key);
        System.out.printf(Locale.ROOT, "Chimera load benchmark against %s, %d clients, %d cores here%n", gateway,
                clients, Runtime.getRuntime().availableProcessors());

        List<String> queued = Collections.synchronizedList(new ArrayList<>());
        bench.submitPhase(clients, warmup, queued, "warm-up");
        Latencies submitted = bench.submitPhase(clients, submits, queued, "submit");
        submitted.print("submits (transfer jobs no local worker takes, 2 × 64² PNG)");

        String polled = queued.get(0);
        String etag = bench.etag(polled);
        bench.pollPhase(clients, Duration.ofSeconds(2), polled, null);
        bench.pollPhase(clients, pollFor, polled, null).print("status polls, GET /api/v1/jobs/{id} → 200");
        bench.pollPhase(clients, pollFor, polled, etag).print("status polls with If-None-Match → 304");

        bench.cancelAll(clients, queued);
        bench.dispatchPhase(dispatches).print("dispatch latency created → started (idle worker, morphing 2 frames)");
    }

    private Latencies submitPhase(int clients, int count, List<String> ids, String label) throws Exception {
        byte[] structure = png(new Color(200, 80, 40));
        byte[] appearance = png(new Color(40, 90, 200));
        AtomicInteger next = new AtomicInteger();
        return run(clients, () -> {
            while (next.getAndIncrement() < count) {
                String boundary = "bench-" + UUID.randomUUID();
                byte[] body = multipart(boundary, structure, appearance);
                HttpRequest request = authorized("/api/v1/jobs").header("Content-Type",
                        "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                Timed<String> answer = timed(request, 202);
                ids.add(match(ID, answer.body()));
                answer.record();
            }
        }, label);
    }

    private Latencies pollPhase(int clients, Duration length, String jobId, String etag) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        return run(clients, () -> {
            while (System.nanoTime() < end) {
                HttpRequest.Builder request = authorized("/api/v1/jobs/" + jobId).GET();
                if (etag != null) {
                    request.header("If-None-Match", etag);
                }
                timed(request.build(), etag == null ? 200 : 304).record();
            }
        }, "poll");
    }

    private Latencies dispatchPhase(int count) throws Exception {
        byte[] imageA = png(new Color(240, 180, 60));
        byte[] imageB = png(new Color(60, 160, 220));
        Latencies dispatch = new Latencies();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String boundary = "bench-" + UUID.randomUUID();
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmorphing\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n{\"frames\": 2}\r\n";
            ByteArrayOutputStream form = new ByteArrayOutputStream();
            form.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            filePart(form, boundary, "imageA", imageA);
            filePart(form, boundary, "imageB", imageB);
            form.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            String id = match(ID, timed(authorized("/api/v1/jobs").header("Content-Type",
                    "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(), 202).body());
            String job = awaitEnd(id);
            if (!"succeeded".equals(match(STATUS, job))) {
                throw new IllegalStateException("dispatch job " + id + " did not succeed: " + job);
            }
            Duration wait = Duration.between(Instant.parse(match(CREATED, job)), Instant.parse(match(STARTED, job)));
            dispatch.add(wait.toNanos());
        }
        dispatch.elapsedNanos = System.nanoTime() - started;
        return dispatch;
    }

    private String awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String job = timed(authorized("/api/v1/jobs/" + id).GET().build(), 200).body();
            String status = match(STATUS, job);
            if (List.of("succeeded", "failed", "canceled", "expired").contains(status)) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job " + id + " did not end within 120 s; is a worker running?");
    }

    private void cancelAll(int clients, List<String> ids) throws Exception {
        ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>(ids);
        run(clients, () -> {
            for (String id = pending.poll(); id != null; id = pending.poll()) {
                send(authorized("/api/v1/jobs/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
            }
        }, "cancel");
        System.out.printf(Locale.ROOT, "canceled the %d benchmark jobs%n", ids.size());
    }

    private String etag(String jobId) throws Exception {
        return send(authorized("/api/v1/jobs/" + jobId).GET().build()).headers().firstValue("ETag")
                .orElseThrow(() -> new IllegalStateException("GET job answered without an ETag"));
    }

    /** Runs {@code work} on {@code clients} threads at once and collects the latencies they record. */
    private Latencies run(int clients, Work work, String label) throws Exception {
        Latencies all = new Latencies();
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            new Thread(() -> {
                try {
                    CURRENT.set(all);
                    work.run();
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, label + "-" + i).start();
        }
        done.await();
        all.elapsedNanos = System.nanoTime() - started;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(label + ": " + failures.size() + " clients failed, first: "
                    + failures.get(0), failures.get(0));
        }
        return all;
    }

    private static final ThreadLocal<Latencies> CURRENT = new ThreadLocal<>();

    private Timed<String> timed(HttpRequest request, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(request);
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
        return new Timed<>(response.body(), nanos);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }

    private static String createTenant(URI gateway, String adminKey) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(gateway.resolve("/api/v1/admin/tenants"))
                .header("X-API-Key", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + tenant + "\",\"name\":\"Benchmark\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 200) {
            throw new IllegalStateException("creating the benchmark tenant answered " + created.statusCode() + ": "
                    + created.body() + " (is the gateway at " + gateway + " and CHIMERA_ADMIN_KEY right?)");
        }
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(
                        gateway.resolve("/api/v1/admin/tenants/" + tenant + "/keys")).header("X-API-Key", adminKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return match(KEY, key.body());
    }

    private static byte[] multipart(String boundary, byte[] structure, byte[] appearance) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ntransfer\r\n")
                .getBytes(StandardCharsets.UTF_8));
        filePart(out, boundary, "structure", structure);
        filePart(out, boundary, "appearance", appearance);
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void filePart(ByteArrayOutputStream out, String boundary, String role, byte[] png) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + role + "\"; filename=\""
                + role + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(png);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
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

    private interface Work {
        void run() throws Exception;
    }

    private record Timed<T>(T body, long nanos) {
        void record() {
            CURRENT.get().add(nanos);
        }
    }

    /** Latencies of one phase and how long the phase took. */
    private static final class Latencies {
        private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        private long elapsedNanos;

        void add(long value) {
            nanos.add(value);
        }

        void print(String label) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            double seconds = elapsedNanos / 1e9;
            System.out.printf(Locale.ROOT, "%-70s %7d in %6.2f s = %8.1f/s   p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
                    label, sorted.size(), seconds, sorted.size() / seconds, percentile(sorted, 50),
                    percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        }

        private static double percentile(List<Long> sorted, int p) {
            if (sorted.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
        }
    }
}
