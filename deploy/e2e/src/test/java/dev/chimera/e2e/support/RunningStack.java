package dev.chimera.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.Method;
import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.WorkerMethods;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The gateway, the scheduler and a worker as three processes on free ports, against the local stack's PostgreSQL,
 * Kafka and S3 ({@code deploy/local/stack up} must have run). The end-to-end tests share one of them
 * ({@link #shared()}); its jobs live in their own database schema ({@value #SCHEMA}), bucket ({@value #BUCKET}) and
 * consumer groups, so services started by {@code deploy/local/demo} or other tests on the same stack never take
 * them. Logs: {@code .chimera/e2e/<service>.log}.
 */
public final class RunningStack implements AutoCloseable {

    /** The gateway's bootstrap admin key in these tests. */
    public static final String ADMIN_KEY = "chimera-admin-e2e";
    /** The lease of a job lasts this long without renewal: a killed worker's job is re-dispatched soon after. */
    public static final String LEASE_TTL = "3s";
    /** The largest accepted input image in these tests, so that oversize uploads stay cheap. */
    public static final int MAX_UPLOAD_BYTES = 1_000_000;
    /** The largest accepted request body in these tests. */
    public static final int MAX_REQUEST_BYTES = 4_000_000;
    static final String SCHEMA = "e2e";
    static final String BUCKET = "chimera-e2e";
    /** The DINO variant of the transfer tests; the demo registers a tiny, untrained stand-in of it. */
    public static final String TRANSFER_DINO_VARIANT = "vit_s8";
    private static final List<String> MODEL_FAMILIES = List.of("crossbreed", "clvae-ade20k", "clvae-deepfashion",
            "dino-vits8", "sd15");
    private static final String TRANSFER_WORKER_GROUP = "chimera-work-e2e-transfer";
    /** The methods of the shared worker's kinds (morphing, synthesis), which it announces when it starts. */
    private static final List<String> SHARED_WORKER_METHODS = List.of("crossbreed", "clvae");
    // Usually a second or two; once, on a CI machine, the first start of the shared stack took over a minute, so the
    // wait is generous and a slow one is reported with where the announcement was.
    private static final Duration ANNOUNCEMENT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SLOW_ANNOUNCEMENT = Duration.ofSeconds(20);

    private static RunningStack shared;

    private final Map<String, String> environment;
    private final Path runDirectory;
    private final ServiceProcess gateway;
    private final ServiceProcess scheduler;
    private final ServiceProcess worker;
    private final JobDatabase database;
    private final JobQueries jobs;
    private final ObjectStore objects;

    private RunningStack(Map<String, String> environment, Path runDirectory) {
        this.environment = environment;
        this.runDirectory = runDirectory;
        Map<String, String> gatewayEnvironment = new HashMap<>(environment);
        // Its own management port, so that a gateway of the local stack (port 9000) does not stop this one.
        gatewayEnvironment.put("CHIMERA_MANAGEMENT_PORT", Integer.toString(freePort()));
        this.gateway = new ServiceProcess("gateway", RepoPaths.serviceJar("api-gateway"), freePort(),
                gatewayEnvironment, runDirectory);
        this.scheduler = new ServiceProcess("scheduler", RepoPaths.serviceJar("job-scheduler"), freePort(),
                environment, runDirectory);
        this.worker = new ServiceProcess("worker", RepoPaths.serviceJar("gpu-worker"), freePort(), environment,
                runDirectory);
        this.database = JobDatabase.open(DatabaseSettings.fromEnvironment(environment));
        this.jobs = new JobQueries(database);
        this.objects = new ObjectStore(S3Settings.fromEnvironment(environment));
    }

    /**
     * The stack every test of this JVM shares, started on first use and stopped when the JVM exits. Other test
     * classes (e.g. the browser test) use it through {@link #gatewayUrl()} and {@link #newTenant()}.
     */
    public static synchronized RunningStack shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "e2e-stack-shutdown"));
        }
        return shared;
    }

    /** Starts the three services and waits until each is ready. */
    public static RunningStack start() {
        Path runDirectory = RepoPaths.localDir().resolve("e2e");
        try {
            Files.createDirectories(runDirectory.resolve("models"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningStack stack = new RunningStack(isolatedEnvironment(runDirectory), runDirectory);
        try {
            stack.prepareStorage();
            List<ServiceProcess> services = List.of(stack.gateway, stack.scheduler, stack.worker);
            services.forEach(ServiceProcess::launch);
            services.forEach(ServiceProcess::awaitReady);
            stack.awaitAvailable(SHARED_WORKER_METHODS);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The gateway process. */
    public ServiceProcess gateway() {
        return gateway;
    }

    /** The scheduler process. */
    public ServiceProcess scheduler() {
        return scheduler;
    }

    /** The worker process. */
    public ServiceProcess worker() {
        return worker;
    }

    /** The gateway's base URL: the API under /api/v1, the web page at /. */
    public URI gatewayUrl() {
        return gateway.url();
    }

    /** The jobs of these services, read directly from PostgreSQL. */
    public JobQueries jobs() {
        return jobs;
    }

    /** The bucket of these services. */
    public ObjectStore objects() {
        return objects;
    }

    /** A fresh tenant with an API key, created through the gateway's admin API. */
    public ChimeraApi newTenant() {
        String tenantId = "e2e-" + UUID.randomUUID().toString().substring(0, 13);
        ChimeraApi.send(admin("/api/v1/admin/tenants").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"" + tenantId + "\",\"name\":\"End-to-end tenant\"}"))).expect(201);
        String key = ChimeraApi.send(admin("/api/v1/admin/tenants/" + tenantId + "/keys")
                .POST(HttpRequest.BodyPublishers.noBody())).expect(201).json().path("key").asText();
        return new ChimeraApi(gatewayUrl(), tenantId, key);
    }

    /** Sets a tenant's quota per kind and priority ceiling through the admin API. */
    public void setLimits(String tenantId, int maxConcurrentPerKind, int priorityCeiling) {
        ChimeraApi.send(admin("/api/v1/admin/tenants/" + tenantId + "/limits").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"maxConcurrentPerKind\":" + maxConcurrentPerKind
                        + ",\"priorityCeiling\":" + priorityCeiling + "}"))).expect(200);
    }

    /** Whether the worker says in its readiness answer that it is running a job ({@code "busy": true}). */
    public boolean workerBusy() {
        return busy(worker);
    }

    /** Whether {@code worker} says in its readiness answer that it is running a job. */
    public static boolean busy(ServiceProcess worker) {
        return worker.readiness().map(body -> new ApiResponse(200, null, body).json().path("checks").findValues("busy")
                .stream().anyMatch(busy -> busy.asBoolean(false))).orElse(false);
    }

    /**
     * A worker for transfer jobs only, not started, with {@code name} as its worker id (the lease owner). The shared
     * worker does not take transfer jobs, so the other tests' transfer jobs stay queued unless a test runs one of
     * these; all of them share one consumer group, so a job one of them lost is taken by the next.
     */
    public ServiceProcess transferWorker(String name) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("CHIMERA_WORKER_KINDS", "transfer");
        env.put("CHIMERA_WORKER_ID", name);
        env.put("CHIMERA_WORKER_GROUP", TRANSFER_WORKER_GROUP);
        return new ServiceProcess(name, RepoPaths.serviceJar("gpu-worker"), freePort(), env, runDirectory);
    }

    /**
     * Waits until the gateway's catalogue shows {@code methods} available: the worker's announcement has gone through
     * the scheduler into PostgreSQL, so the gateway accepts their jobs.
     */
    public void awaitAvailable(List<String> methods) {
        Instant start = Instant.now();
        try {
            Awaitility.await().atMost(ANNOUNCEMENT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> availableMethods().containsAll(methods));
            Duration took = Duration.between(start, Instant.now());
            if (took.compareTo(SLOW_ANNOUNCEMENT) > 0) {
                System.out.println("e2e: methods " + methods + " became available only after " + took + "; "
                        + announcementPath());
            }
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("methods " + methods + " not available within " + ANNOUNCEMENT_TIMEOUT
                    + ": " + announcementPath(), e);
        }
    }

    /** The methods the gateway's catalogue marks available now. */
    public Set<String> availableMethods() {
        JsonNode catalog = ChimeraApi.send(HttpRequest.newBuilder(gatewayUrl().resolve("/api/v1/methods")).GET())
                .expect(200).json();
        Set<String> available = new HashSet<>();
        catalog.path("kinds").forEach(kind -> kind.path("methods").forEach(method -> {
            if (method.path("available").asBoolean(false)) {
                available.add(method.path("method").asText());
            }
        }));
        return available;
    }

    /** Runs {@code deploy/local/stack <arguments>} against the local stack, failing if it fails. */
    public static void localStack(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(RepoPaths.checkout().resolve("deploy/local/stack").toString());
        command.addAll(List.of(arguments));
        runToCompletion(command, Map.of(), RepoPaths.localDir().resolve("e2e/local-stack.log"));
    }

    @Override
    public void close() {
        worker.stop();
        scheduler.stop();
        gateway.stop();
        objects.close();
        database.close();
    }

    // Where a worker's announcement stopped on its way worker -> Kafka -> scheduler -> PostgreSQL -> gateway.
    private String announcementPath() {
        List<String> facts = new ArrayList<>();
        facts.add("gateway catalogue " + describe(this::availableMethods));
        facts.add("served in PostgreSQL " + describe(() -> new WorkerMethods(database).served().stream()
                .map(Method::wireName).toList()));
        for (ServiceProcess service : List.of(scheduler, worker, gateway)) {
            facts.add(service.name() + (service.isAlive() ? " alive" : " dead") + ", readiness "
                    + service.readiness().orElse("(no answer)").replaceAll("\\s+", "")
                    + ", last problems " + service.lastProblems(3));
        }
        return String.join("; ", facts);
    }

    private static String describe(Supplier<?> fact) {
        try {
            return String.valueOf(fact.get());
        } catch (RuntimeException e) {
            return "(" + e + ")";
        }
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(gatewayUrl().resolve(path)).header("X-API-Key", ADMIN_KEY);
    }

    private static Map<String, String> isolatedEnvironment(Path runDirectory) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("CHIMERA_")) {
                env.put(name, value);
            }
        });
        env.put("CHIMERA_DB_URL", DatabaseSettings.fromEnvironment(env).inSchema(SCHEMA).jdbcUrl());
        env.put("CHIMERA_S3_BUCKET", BUCKET);
        env.put("CHIMERA_SCHEDULER_GROUP", "chimera-scheduler-e2e");
        env.put("CHIMERA_WORKER_GROUP", "chimera-work-e2e");
        env.put("CHIMERA_WORKER_KINDS", "morphing,synthesis");
        // Transfer workers are started by the tests that need them, the way a pool scales from zero: the gateway
        // accepts splice without a live worker. The shared worker's methods it accepts once that worker announced.
        env.put("CHIMERA_SCALE_FROM_ZERO_METHODS", "splice");
        // Tests leave transfer jobs admitted with no transfer worker to start them: they must not use up the orders
        // a pool without a live worker gets.
        env.put("CHIMERA_MINIMUM_ORDERS", "1000");
        env.put("CHIMERA_ADMIN_KEY", ADMIN_KEY);
        env.put("CHIMERA_LEASE_TTL", LEASE_TTL);
        env.put("CHIMERA_SHUTDOWN_GRACE", "10s");
        env.put("CHIMERA_MAX_UPLOAD_BYTES", Integer.toString(MAX_UPLOAD_BYTES));
        env.put("CHIMERA_MAX_REQUEST_BYTES", Integer.toString(MAX_REQUEST_BYTES));
        env.put("CHIMERA_HTTP_BODY_CEILING", "8M");
        env.put("CHIMERA_PRESIGNED_URL_TTL", "PT5M");
        env.put("CHIMERA_MODEL_CACHE", runDirectory.resolve("models").toString());
        env.put("PYTORCH_VERSION", "2.7.1");
        return env;
    }

    // The schema must exist before the services' Flyway migrations run in it; the bucket and the demo weights before
    // the first job.
    private void prepareStorage() {
        JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), SCHEMA).close();
        objects.ensureBucket();
        if (MODEL_FAMILIES.stream().anyMatch(family -> objects.list("models/" + family + "/").isEmpty())) {
            registerDemoWeights();
        }
    }

    private void registerDemoWeights() {
        Path app = RepoPaths.checkout().resolve("gpu-worker/target/quarkus-app");
        String classpath = String.join(File.pathSeparator, app.resolve("app/*").toString(),
                app.resolve("lib/main/*").toString(), app.resolve("lib/boot/*").toString());
        runToCompletion(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Doffline=true",
                        "-Djava.io.tmpdir=" + RepoPaths.localDir().resolve("tmp"), "-cp", classpath,
                        "dev.chimera.worker.models.DemoWeights"),
                environment, runDirectory.resolve("demo-weights.log"));
    }

    private static void runToCompletion(List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.checkout().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
