package dev.chimera.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** The gateway's REST API as one tenant (or the admin) uses it over HTTP. */
public final class ChimeraApi {

    /** Statuses a job ends in. */
    public static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "expired");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI gateway;
    private final String tenantId;
    private final String apiKey;
    private final Duration timeout;

    public ChimeraApi(URI gateway, String tenantId, String apiKey) {
        this(gateway, tenantId, apiKey, DEFAULT_TIMEOUT);
    }

    private ChimeraApi(URI gateway, String tenantId, String apiKey, Duration timeout) {
        this.gateway = gateway;
        this.tenantId = tenantId;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** This client, giving each call at most {@code timeout} to be answered (30 s by default). */
    public ChimeraApi withTimeout(Duration timeout) {
        return new ChimeraApi(gateway, tenantId, apiKey, timeout);
    }

    /** GET /q/health/live, the liveness a load balancer probes (no key). */
    public ApiResponse health() {
        return send(HttpRequest.newBuilder(gateway.resolve("/q/health/live")).GET(), timeout);
    }

    /** The tenant this client acts for. */
    public String tenantId() {
        return tenantId;
    }

    /** The API key it sends. */
    public String apiKey() {
        return apiKey;
    }

    /** POST /api/v1/jobs. */
    public ApiResponse submit(Multipart form) {
        return submit(form, null);
    }

    /** POST /api/v1/jobs with an Idempotency-Key header when {@code idempotencyKey} is not null. */
    public ApiResponse submit(Multipart form, String idempotencyKey) {
        HttpRequest.Builder request = authorized("/api/v1/jobs").header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request, timeout);
    }

    /** Submits with {@code ?priority=} and returns the new job's id, failing unless the gateway answered 202. */
    public String submitted(Multipart form, int priority) {
        return send(authorized("/api/v1/jobs?priority=" + priority).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))).expect(202).json().path("id").asText();
    }

    /** Submits and returns the new job's id, failing unless the gateway answered 202. */
    public String submitted(Multipart form) {
        return submit(form).expect(202).json().path("id").asText();
    }

    /** GET /api/v1/jobs/{id}. */
    public ApiResponse get(String jobId) {
        return send(authorized("/api/v1/jobs/" + jobId).GET(), timeout);
    }

    /** GET /api/v1/jobs/{id} with If-None-Match. */
    public ApiResponse getIfNoneMatch(String jobId, String etag) {
        return send(authorized("/api/v1/jobs/" + jobId).header("If-None-Match", etag).GET(), timeout);
    }

    /** The job resource, failing unless it is found. */
    public JsonNode job(String jobId) {
        return get(jobId).expect(200).json();
    }

    /** GET /api/v1/jobs?query. */
    public ApiResponse list(String query) {
        return send(authorized("/api/v1/jobs" + (query.isEmpty() ? "" : "?" + query)).GET(), timeout);
    }

    /** GET /api/v1/jobs/{id}/events: the timeline. */
    public ApiResponse timeline(String jobId) {
        return send(authorized("/api/v1/jobs/" + jobId + "/events").header("Accept", "application/json").GET(),
                timeout);
    }

    /** POST /api/v1/jobs/{id}/cancel. */
    public ApiResponse cancel(String jobId) {
        return send(authorized("/api/v1/jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()),
                timeout);
    }

    /** Waits until the job's status is one of {@code statuses}; fails at once if it ends in another status. */
    public JsonNode awaitStatus(String jobId, Set<String> statuses, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Awaitility.await("job " + jobId + " in " + statuses).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last.set(job(jobId));
                    String status = last.get().path("status").asText();
                    return statuses.contains(status) || TERMINAL.contains(status);
                });
        if (!statuses.contains(last.get().path("status").asText())) {
            throw new AssertionError("job " + jobId + " ended instead of reaching " + statuses + ": " + last.get());
        }
        return last.get();
    }

    /** Waits until the job ended in {@code status}. */
    public JsonNode awaitStatus(String jobId, String status, Duration timeout) {
        return awaitStatus(jobId, Set.of(status), timeout);
    }

    /** Downloads a presigned URL (no API key: the signature is the authorisation). */
    public static byte[] download(String presignedUrl) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(presignedUrl))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + presignedUrl + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request to the gateway without any key, e.g. for the admin API with {@code X-API-Key}. */
    public static ApiResponse send(HttpRequest.Builder request) {
        return send(request, DEFAULT_TIMEOUT);
    }

    private static ApiResponse send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + apiKey);
    }
}
