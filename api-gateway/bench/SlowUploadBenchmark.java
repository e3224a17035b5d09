import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens many job submissions that trickle their body at one byte a second, the way a hostile or badly connected
 * client would, and measures meanwhile how fast the gateway answers a liveness probe and a job listing. Run by
 * api-gateway/bench/slow-uploads; a single-file program on the JDK alone, so it needs no build.
 */
public final class SlowUploadBenchmark {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})");

    private final URI gateway;

    private SlowUploadBenchmark(URI gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(env("CHIMERA_BENCH_GATEWAY", "http://127.0.0.1:8080"));
        int slowClients = Integer.parseInt(env("CHIMERA_BENCH_SLOW_CLIENTS", "300"));
        int tenants = Integer.parseInt(env("CHIMERA_BENCH_TENANTS", "30"));
        Duration length = Duration.ofSeconds(Long.parseLong(env("CHIMERA_BENCH_SECONDS", "30")));
        String adminKey = env("CHIMERA_ADMIN_KEY", "chimera-admin-dev");
        SlowUploadBenchmark bench = new SlowUploadBenchmark(gateway);

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            keys.add(bench.createTenant(adminKey));
        }
        System.out.printf(Locale.ROOT, "Slow-upload benchmark against %s: %d submissions at 1 byte/s from %d tenants"
                + " for %d s; health and listing probed every 100 ms%n", gateway, slowClients, tenants,
                length.toSeconds());

        Latencies idleHealth = bench.probe("/q/health/live", null, Duration.ofSeconds(3));
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch opened = new CountDownLatch(slowClients);
        ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
        for (int i = 0; i < slowClients; i++) {
            String key = keys.get(i % keys.size());
            Thread reader = new Thread(null, () -> bench.slowUpload(key, sockets, trickle, answers, opened),
                    "slow-" + i, 128 * 1024);
            reader.setDaemon(true);
            reader.start();
        }
        opened.await(30, TimeUnit.SECONDS);
        long end = System.nanoTime() + length.toNanos();
        Latencies health = new Latencies();
        Latencies listing = new Latencies();
        while (System.nanoTime() < end) {
            health.add(bench.timedGet("/q/health/live", null));
            listing.add(bench.timedGet("/api/v1/jobs?limit=1", keys.get(0)));
            Thread.sleep(100);
        }
        trickle.shutdownNow();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        idleHealth.print("GET /q/health/live, no slow upload connected");
        health.print("GET /q/health/live while the slow uploads are connected");
        listing.print("GET /api/v1/jobs?limit=1 while the slow uploads are connected");
        int answered = answers.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "slow uploads answered, by status: %s; %d without an answer when the run"
                + " ended (0 = the connection failed)%n", new TreeMap<>(answers), slowClients - answered);
        System.out.printf(Locale.ROOT, "health p99 %s 1 s%n", health.percentile(0.99) < 1_000_000_000L ? "<" : ">=");
    }

    /** One submission that sends its headers and the start of an image part, then one byte a second. */
    private void slowUpload(String key, List<Socket> sockets, ScheduledExecutorService trickle,
                            Map<Integer, Integer> answers, CountDownLatch opened) {
        String boundary = "slow-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmorphing\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"imageA\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 10_000);
            sockets.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\nAuthorization: Bearer "
                    + key + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: 100000\r\n\r\n" + head).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            opened.countDown();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException("the gateway closed the connection", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
            String reply = readHead(socket.getInputStream());
            Matcher status = STATUS_LINE.matcher(reply);
            answers.merge(status.find() ? Integer.parseInt(status.group(1)) : 0, 1, Integer::sum);
        } catch (IOException e) {
            answers.merge(0, 1, Integer::sum);
            opened.countDown();
        }
    }

    private Latencies probe(String path, String key, Duration length) throws IOException, InterruptedException {
        Latencies latencies = new Latencies();
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            latencies.add(timedGet(path, key));
            Thread.sleep(100);
        }
        return latencies;
    }

    /** Nanoseconds for a GET on a new connection, as a load balancer's probe makes it; a failure counts as 10 s. */
    private long timedGet(String path, String key) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            String auth = key == null ? "" : "Authorization: Bearer " + key + "\r\n";
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\n" + auth
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!reply.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("GET " + path + " answered " + reply.lines().findFirst().orElse(""));
            }
            return System.nanoTime() - start;
        } catch (java.net.SocketTimeoutException e) {
            return Duration.ofSeconds(10).toNanos();
        }
    }

    private String createTenant(String adminKey) throws IOException {
        String tenant = "slow-bench-" + UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/admin/tenants", adminKey, "{\"id\":\"" + tenant + "\",\"name\":\"Slow-upload benchmark\"}");
        Matcher key = KEY.matcher(post("/api/v1/admin/tenants/" + tenant + "/keys", adminKey, ""));
        if (!key.find()) {
            throw new IllegalStateException("no key issued for " + tenant);
        }
        return key.group(1);
    }

    private String post(String path, String adminKey, String json) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 10_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getHost()
                    + "\r\nX-API-Key: " + adminKey + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!reply.startsWith("HTTP/1.1 20")) {
                throw new IllegalStateException("POST " + path + " answered " + reply
                        + " (is the gateway at " + gateway + " and CHIMERA_ADMIN_KEY right?)");
            }
            return reply;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Latencies in nanoseconds, printed as percentiles. */
    private static final class Latencies {
        private final List<Long> nanos = new ArrayList<>();

        void add(long value) {
            nanos.add(value);
        }

        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }

        void print(String what) {
            System.out.printf(Locale.ROOT, "%-62s n=%-4d p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what,
                    nanos.size(), percentile(0.5) / 1e6, percentile(0.99) / 1e6, percentile(1.0) / 1e6);
        }
    }
}
