import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 *
 * <p>The client shares the machine with the stack, so it is kept cheap: each client thread holds one HTTP/1.1
 * keep-alive connection and speaks the protocol directly on it (a request costs a few microseconds of client CPU),
 * and every phase prints the CPU the client itself used.
 */
public final class LoadBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern CREATED = Pattern.compile("\"createdAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STARTED = Pattern.compile("\"startedAt\"\\s*:\\s*\"([^\"]+)\"");

    private final URI gateway;
    private final String apiKey;
    private final CpuMeter meter;

    private LoadBenchmark(URI gateway, String apiKey, CpuMeter meter) {
        this.gateway = gateway;
        this.apiKey = apiKey;
        this.meter = meter;
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(env("CHIMERA_BENCH_GATEWAY", "http://127.0.0.1:8080"));
        int clients = Integer.parseInt(env("CHIMERA_BENCH_CLIENTS", "8"));
        int submits = Integer.parseInt(env("CHIMERA_BENCH_SUBMITS", "3000"));
        int warmup = Integer.parseInt(env("CHIMERA_BENCH_WARMUP", "3000"));
        Duration pollFor = Duration.ofSeconds(Long.parseLong(env("CHIMERA_BENCH_POLL_SECONDS", "10")));
        int dispatches = Integer.parseInt(env("CHIMERA_BENCH_DISPATCHES", "40"));
        Set<String> phases = Set.of(env("CHIMERA_BENCH_PHASES", "submit,poll,dispatch").split(","));
        String adminKey = env("CHIMERA_ADMIN_KEY", "chimera-admin-dev");

        String stackDir = env("CHIMERA_BENCH_STACK_DIR", "");
        LoadBenchmark bench = new LoadBenchmark(gateway, createTenant(gateway, adminKey),
                new CpuMeter(stackDir.isEmpty() ? null : Path.of(stackDir)));
        System.out.printf(Locale.ROOT, "Chimera load benchmark against %s, %d clients (one keep-alive connection"
                + " each), %d cores here, phases %s%n", gateway, clients,
                Runtime.getRuntime().availableProcessors(), phases);

        List<String> queued = Collections.synchronizedList(new ArrayList<>());
        if (phases.contains("submit") || phases.contains("poll")) {
            bench.submitPhase(clients, phases.contains("submit") ? warmup : 1, queued);
        }
        if (phases.contains("submit")) {
            bench.submitPhase(clients, submits, queued)
                    .print("submits (transfer jobs no local worker takes, 2 × 64² PNG)");
        }
        if (phases.contains("poll")) {
            String polled = queued.get(0);
            String etag = bench.etag(polled);
            bench.pollPhase(clients, Duration.ofSeconds(3), polled, null);
            bench.pollPhase(clients, pollFor, polled, null).print("status polls, GET /api/v1/jobs/{id} → 200");
            bench.pollPhase(clients, Duration.ofSeconds(1), polled, etag);
            bench.pollPhase(clients, pollFor, polled, etag).print("status polls with If-None-Match → 304");
        }
        if (!queued.isEmpty()) {
            bench.cancelAll(clients, queued);
        }
        if (phases.contains("dispatch")) {
            bench.dispatchPhase(dispatches)
                    .print("dispatch latency created → started (idle worker, morphing 2 frames)");
        }
    }

    private Latencies submitPhase(int clients, int count, List<String> ids) throws Exception {
        byte[] structure = png(new Color(200, 80, 40));
        byte[] appearance = png(new Color(40, 90, 200));
        AtomicInteger next = new AtomicInteger();
        return run(clients, connection -> {
            while (next.getAndIncrement() < count) {
                String boundary = "bench-" + UUID.randomUUID();
                byte[] body = multipart(boundary, "transfer", null,
                        Map.of("structure", structure, "appearance", appearance));
                Reply reply = connection.timed("POST", "/api/v1/jobs",
                        Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body, 202);
                ids.add(match(ID, reply.body()));
            }
        });
    }

    private Latencies pollPhase(int clients, Duration length, String jobId, String etag) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicInteger changed = new AtomicInteger();
        Latencies polls = run(clients, connection -> {
            String validator = etag;
            while (System.nanoTime() < end) {
                Map<String, String> headers = validator == null ? Map.of() : Map.of("If-None-Match", validator);
                Reply reply = connection.timed("GET", "/api/v1/jobs/" + jobId, headers, null, -1);
                if (reply.status() == 200 && validator != null) {
                    // The representation changed (queue moved, URLs re-signed): poll on with the new validator.
                    validator = reply.header("etag");
                    changed.incrementAndGet();
                } else if (reply.status() != (validator == null ? 200 : 304)) {
                    throw new IllegalStateException("GET job answered " + reply.status() + ": " + reply.body());
                }
            }
        });
        if (changed.get() > 0) {
            System.out.printf(Locale.ROOT, "(%d polls with If-None-Match got a changed job: 200 and a new ETag)%n",
                    changed.get());
        }
        return polls;
    }

    private Latencies dispatchPhase(int count) throws Exception {
        byte[] imageA = png(new Color(240, 180, 60));
        byte[] imageB = png(new Color(60, 160, 220));
        return run(1, false, connection -> {
            for (int i = 0; i < count; i++) {
                String boundary = "bench-" + UUID.randomUUID();
                byte[] body = multipart(boundary, "morphing", "{\"frames\": 2}",
                        Map.of("imageA", imageA, "imageB", imageB));
                String id = match(ID, connection.exchange("POST", "/api/v1/jobs",
                        Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body, 202).body());
                String job = awaitEnd(connection, id);
                if (!"succeeded".equals(match(STATUS, job))) {
                    throw new IllegalStateException("dispatch job " + id + " did not succeed: " + job);
                }
                Duration wait = Duration.between(Instant.parse(match(CREATED, job)),
                        Instant.parse(match(STARTED, job)));
                connection.record(wait.toNanos());
            }
        });
    }

    private static String awaitEnd(Connection connection, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String job = connection.exchange("GET", "/api/v1/jobs/" + id, Map.of(), null, 200).body();
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
        run(clients, connection -> {
            for (String id = pending.poll(); id != null; id = pending.poll()) {
                connection.exchange("POST", "/api/v1/jobs/" + id + "/cancel", Map.of(), new byte[0], -1);
            }
        });
        System.out.printf(Locale.ROOT, "canceled the %d benchmark jobs%n", ids.size());
    }

    private String etag(String jobId) throws Exception {
        try (Connection connection = new Connection(gateway, apiKey, null)) {
            String etag = connection.exchange("GET", "/api/v1/jobs/" + jobId, Map.of(), null, 200).header("etag");
            if (etag == null) {
                throw new IllegalStateException("GET job answered without an ETag");
            }
            return etag;
        }
    }

    /** Runs {@code work} on {@code clients} threads at once, each with its own connection, and collects latencies. */
    private Latencies run(int clients, Work work) throws Exception {
        return run(clients, true, work);
    }

    /**
     * Runs {@code work} like {@link #run(int, Work)}; {@code perRequestCpu} false leaves out the stack's CPU per
     * request, which says nothing when a "request" is a whole job.
     */
    private Latencies run(int clients, boolean perRequestCpu, Work work) throws Exception {
        Latencies all = new Latencies();
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long cpuBefore = processCpuNanos();
        Map<String, Long> stackBefore = meter.read();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            new Thread(() -> {
                try (Connection connection = new Connection(gateway, apiKey, all)) {
                    work.run(connection);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + i).start();
        }
        done.await();
        all.elapsedNanos = System.nanoTime() - started;
        all.clientCpuNanos = processCpuNanos() - cpuBefore;
        if (perRequestCpu) {
            all.stackCpu = CpuMeter.describe(stackBefore, meter.read(), all.nanos.size());
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " clients failed, first: " + failures.get(0),
                    failures.get(0));
        }
        return all;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String createTenant(URI gateway, String adminKey) throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = new Connection(gateway, null, null)) {
            Map<String, String> headers = Map.of("X-API-Key", adminKey, "Content-Type", "application/json");
            Reply created = admin.exchange("POST", "/api/v1/admin/tenants", headers,
                    ("{\"id\":\"" + tenant + "\",\"name\":\"Benchmark\"}").getBytes(StandardCharsets.UTF_8), -1);
            if (created.status() != 201 && created.status() != 200) {
                throw new IllegalStateException("creating the benchmark tenant answered " + created.status() + ": "
                        + created.body() + " (is the gateway at " + gateway + " and CHIMERA_ADMIN_KEY right?)");
            }
            return match(KEY, admin.exchange("POST", "/api/v1/admin/tenants/" + tenant + "/keys",
                    Map.of("X-API-Key", adminKey), new byte[0], -1).body());
        }
    }

    private static byte[] multipart(String boundary, String kind, String params, Map<String, byte[]> images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        if (params != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n" + params
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        new TreeMap<>(images).forEach((role, png) -> {
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

    private interface Work {
        void run(Connection connection) throws Exception;
    }

    /** A response: status, headers with lower-case names, and the body as text. */
    private record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * One HTTP/1.1 keep-alive connection to the gateway, authenticated with the tenant's key. Reads Content-Length
     * and chunked bodies; reconnects when the server closed the connection.
     */
    private static final class Connection implements AutoCloseable {

        private final URI gateway;
        private final String apiKey;
        private final Latencies latencies;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI gateway, String apiKey, Latencies latencies) {
            this.gateway = gateway;
            this.apiKey = apiKey;
            this.latencies = latencies;
        }

        /** Sends the request, checks the status ({@code expected} -1: any) and records the latency. */
        Reply timed(String method, String path, Map<String, String> headers, byte[] body, int expected)
                throws IOException {
            long start = System.nanoTime();
            Reply reply = exchange(method, path, headers, body, expected);
            record(System.nanoTime() - start);
            return reply;
        }

        void record(long nanos) {
            latencies.add(nanos);
        }

        Reply exchange(String method, String path, Map<String, String> headers, byte[] body, int expected)
                throws IOException {
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(gateway.getHost()).append(':').append(gateway.getPort())
                    .append("\r\n");
            if (apiKey != null) {
                head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            connect();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Reply reply = read();
            if ("close".equalsIgnoreCase(reply.header("connection"))) {
                close();
            }
            if (expected != -1 && reply.status() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + reply.status() + " (expected "
                        + expected + "): " + reply.body());
            }
            return reply;
        }

        private void connect() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 16_384);
                out = socket.getOutputStream();
            }
        }

        private Reply read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                close();
                throw new IOException("the gateway closed the connection");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0;
                     size = Integer.parseInt(line().trim(), 16)) {
                    chunks.writeBytes(in.readNBytes(size));
                    line();
                }
                line();
                body = chunks.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1)
                            : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /**
     * CPU time the stack's processes used, read from /proc: the services and servers by the PID files of
     * deploy/local/stack, PostgreSQL as the postmaster plus its live backends (every client's, not only the stack's,
     * and a backend that exits takes its CPU time with it), and the whole machine from /proc/stat. Tells per request
     * where the CPU went and whether something else was competing for it.
     */
    private static final class CpuMeter {
        private static final double TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux

        private final Path stackDir;

        CpuMeter(Path stackDir) {
            this.stackDir = stackDir;
        }

        /** CPU nanoseconds by process name, plus "machine busy" and "machine total". */
        Map<String, Long> read() {
            Map<String, Long> cpu = new TreeMap<>();
            try {
                if (stackDir != null && Files.isDirectory(stackDir.resolve("pids"))) {
                    try (var files = Files.list(stackDir.resolve("pids"))) {
                        for (Path file : files.toList()) {
                            String name = file.getFileName().toString().replace(".pid", "");
                            processCpu(Files.readString(file).trim()).ifPresent(nanos -> cpu.put(name, nanos));
                        }
                    }
                    Path postmaster = stackDir.resolve("postgres/data/postmaster.pid");
                    if (Files.exists(postmaster)) {
                        cpu.put("postgres", postgresCpu(Files.readAllLines(postmaster).get(0).trim()));
                    }
                }
                String[] total = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long all = 0;
                for (int i = 1; i < total.length; i++) {
                    all += Long.parseLong(total[i]);
                }
                long idle = Long.parseLong(total[4]) + Long.parseLong(total[5]);
                cpu.put("machine busy", (long) ((all - idle) * TICK_NANOS));
                cpu.put("machine stolen", (long) (Long.parseLong(total[8]) * TICK_NANOS));
                cpu.put("machine total", (long) (all * TICK_NANOS));
            } catch (IOException | RuntimeException e) {
                // No /proc (not Linux) or a process just ended: the figures are optional.
            }
            return cpu;
        }

        private static long postgresCpu(String postmasterPid) throws IOException {
            long nanos = processCpu(postmasterPid).orElse(0L);
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.toList()) {
                    String pid = process.getFileName().toString();
                    if (pid.chars().allMatch(Character::isDigit)) {
                        String[] stat = stat(pid);
                        if (stat != null && stat[1].equals(postmasterPid)) {
                            nanos += ticks(stat);
                        }
                    }
                }
            }
            return nanos;
        }

        private static java.util.Optional<Long> processCpu(String pid) {
            String[] stat = stat(pid);
            return stat == null ? java.util.Optional.empty() : java.util.Optional.of(ticks(stat));
        }

        /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
        private static String[] stat(String pid) {
            try {
                String text = Files.readString(Path.of("/proc", pid, "stat"));
                return text.substring(text.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static long ticks(String[] stat) {
            return (long) ((Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * TICK_NANOS);
        }

        /** One line: CPU ms per request of each process, and how busy the whole machine was. */
        static String describe(Map<String, Long> before, Map<String, Long> after, int requests) {
            if (!after.containsKey("machine total") || requests == 0) {
                return "";
            }
            StringBuilder line = new StringBuilder("    CPU ms per request:");
            long stack = 0;
            for (var entry : after.entrySet()) {
                String name = entry.getKey();
                if (name.startsWith("machine") || !before.containsKey(name)) {
                    continue;
                }
                long used = entry.getValue() - before.get(name);
                stack += used;
                line.append(String.format(Locale.ROOT, " %s %.3f", name, used / 1e6 / requests));
            }
            long busy = after.get("machine busy") - before.get("machine busy");
            long total = after.get("machine total") - before.get("machine total");
            long stolen = after.get("machine stolen") - before.get("machine stolen");
            return line.append(String.format(Locale.ROOT, "; machine %.0f%% busy, of which %.0f%% outside the stack"
                    + " and this client (%.0f%% taken by the hypervisor)", 100.0 * busy / total,
                    100.0 * Math.max(0, busy - stack) / total, 100.0 * stolen / total)).toString();
        }
    }

    /** Latencies of one phase, how long the phase took, and the CPU this client process used meanwhile. */
    private static final class Latencies {
        private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        private long elapsedNanos;
        private long clientCpuNanos;
        private String stackCpu = "";

        void add(long value) {
            nanos.add(value);
        }

        void print(String label) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            double seconds = elapsedNanos / 1e9;
            System.out.printf(Locale.ROOT, "%-70s %7d in %6.2f s = %8.1f/s   p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms"
                            + "   client CPU %4.0f%% of a core%n",
                    label, sorted.size(), seconds, sorted.size() / seconds, percentile(sorted, 50),
                    percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6,
                    100.0 * clientCpuNanos / elapsedNanos);
            if (!stackCpu.isEmpty()) {
                System.out.println(stackCpu);
            }
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
