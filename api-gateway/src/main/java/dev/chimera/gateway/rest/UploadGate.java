package dev.chimera.gateway.rest;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.gateway.service.SubmissionForm;
import dev.chimera.gateway.service.SubmissionRateLimitedException;
import dev.chimera.gateway.service.SubmissionRateLimits;
import dev.chimera.gateway.service.UploadAdmission;
import dev.chimera.gateway.service.UploadPace;
import dev.chimera.gateway.service.VerifiedApiKeys;
import dev.chimera.storage.jobs.JobStoreUnavailableException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads job submissions without holding a thread while their bodies arrive. Before any of a body is read, the API
 * key is checked (401) and the submission must fit under the tenant's submission rate (429 rate_limited) and the
 * gateway's and the tenant's caps on submissions in flight (503 or 429 too_many_uploads), all with Retry-After. The body is then decoded on the event loop into bounded memory
 * ({@link SubmissionBody}) under a deadline and a minimum rate (408, connection closed), and malformed framing is a
 * 400; only a complete form is handed to {@link JobsResource} on a worker thread. The place is held until the
 * response ends.
 */
@ApplicationScoped
public class UploadGate {

    /** The routing-context key under which the read form is handed to the resource. */
    static final String FORM = SubmissionForm.class.getName();

    private static final Logger LOG = Logger.getLogger(UploadGate.class);
    // After RequestSizeLimit, which refuses a declared oversize body first.
    private static final int ORDER = -9_000;
    private static final String MULTIPART = "multipart/form-data";

    private final VerifiedApiKeys apiKeys;
    private final UploadAdmission admission;
    private final SubmissionRateLimits rateLimits;
    private final HttpProblems problems;
    private final GatewayConfig.Uploads limits;
    private final long maxUploadBytes;
    private final long maxRequestBytes;
    private final long maxTextBytes;

    public UploadGate(VerifiedApiKeys apiKeys, UploadAdmission admission, SubmissionRateLimits rateLimits,
                      HttpProblems problems, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.admission = admission;
        this.rateLimits = rateLimits;
        this.problems = problems;
        this.limits = config.uploads();
        this.maxUploadBytes = config.maxUploadBytes();
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxTextBytes = config.maxTextFieldBytes();
    }

    void install(@Observes Router router) {
        router.post("/api/v1/jobs").order(ORDER).handler(this::gate);
    }

    private void gate(RoutingContext context) {
        HttpServerRequest request = context.request();
        String contentType = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("");
        Optional<String> key = ApiKeyFilter.presentedKey(request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader("X-API-Key"));
        if (key.isEmpty() || !contentType.toLowerCase(Locale.ROOT).startsWith(MULTIPART)) {
            // The resource answers 401 or 415 without reading the body.
            context.next();
            return;
        }
        if (!contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
            refuse(context, 400, "malformed_multipart", "the multipart Content-Type names no boundary", Map.of());
            return;
        }
        request.pause();
        long arrivedNanos = System.nanoTime();
        context.vertx().executeBlocking(() -> apiKeys.tenantOf(key.get()), false).onComplete(lookup -> {
            if (lookup.failed()) {
                boolean unavailable = lookup.cause() instanceof JobStoreUnavailableException;
                if (!unavailable) {
                    LOG.errorf(lookup.cause(), "api key lookup failed");
                }
                refuse(context, unavailable ? 503 : 500, unavailable ? "storage_unavailable" : "internal_error",
                        unavailable ? "storage is unavailable, retry later" : "the gateway failed to handle the request",
                        unavailable ? retryAfter() : Map.of());
            } else if (lookup.result().isEmpty()) {
                refuse(context, 401, "unauthorized", "the API key is unknown or revoked",
                        Map.of("WWW-Authenticate", "Bearer"));
            } else {
                admit(context, lookup.result().get(), arrivedNanos);
            }
        });
    }

    private void admit(RoutingContext context, String tenantId, long arrivedNanos) {
        try {
            rateLimits.acquire(tenantId);
        } catch (SubmissionRateLimitedException limited) {
            refuse(context, limited.status(), limited.code(), limited.getMessage(),
                    Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(limited.retryAfterSeconds())));
            return;
        }
        UploadAdmission.Admitted admitted = admission.admit(tenantId);
        if (!admitted.isAdmitted()) {
            boolean gatewayBusy = admitted.refusal() == UploadAdmission.Refusal.GATEWAY_BUSY;
            LOG.debugf("submission refused tenant=%s reason=%s", tenantId, admitted.refusal());
            refuseBusy(context, gatewayBusy);
            return;
        }
        context.addEndHandler(ended -> admitted.permit().release());
        read(context, arrivedNanos);
    }

    private void refuseBusy(RoutingContext context, boolean gatewayBusy) {
        if (gatewayBusy) {
            refuse(context, 503, "gateway_busy", "the gateway is reading as many submissions as it may; retry later",
                    retryAfter());
        } else {
            refuse(context, 429, "too_many_uploads", "this tenant has " + limits.maxConcurrentPerTenant()
                    + " submissions in flight on this gateway; retry when one has ended", retryAfter());
        }
    }

    private Map<String, String> retryAfter() {
        return Map.of(HttpHeaders.RETRY_AFTER.toString(), Integer.toString(limits.retryAfterSeconds()));
    }

    private void read(RoutingContext context, long arrivedNanos) {
        HttpServerRequest request = context.request();
        SubmissionBody body = new SubmissionBody(maxUploadBytes, maxTextBytes);
        UploadPace pace = new UploadPace(arrivedNanos, limits.deadline(), limits.rateWindow(),
                limits.minBytesPerSecond());
        long timer = context.vertx().setPeriodic(pace.checkInterval().toMillis(), id -> {
            UploadPace.Verdict verdict = pace.look(System.nanoTime(), request.bytesRead());
            if (verdict != UploadPace.Verdict.ON_PACE && !request.isEnded()) {
                refuse(context, 408, "request_timeout", verdict == UploadPace.Verdict.TOO_SLOW
                        ? "the body arrived slower than " + limits.minBytesPerSecond() + " bytes/s over "
                                + seconds(limits.rateWindow())
                        : "the body did not arrive within " + seconds(limits.deadline()), Map.of());
            }
        });
        context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // A client that asked first sends its body only now that it has a place.
            context.response().writeContinue();
        }
        request.setExpectMultipart(true);
        request.uploadHandler(body::receive);
        request.handler(chunk -> {
            if (request.bytesRead() > maxRequestBytes) {
                refuse(context, 413, "payload_too_large",
                        "the request body is larger than the limit of " + maxRequestBytes + " bytes", Map.of());
            }
        });
        request.exceptionHandler(failure -> refuse(context, 400, "malformed_multipart",
                "the multipart body cannot be read: " + failure.getMessage(), Map.of()));
        request.endHandler(end -> {
            context.vertx().cancelTimer(timer);
            if (context.response().ended()) {
                return;
            }
            if (body.hasUnfinishedPart()) {
                refuse(context, 400, "malformed_multipart", "a part has no closing boundary", Map.of());
            } else if (body.isEmpty() && request.formAttributes().isEmpty()) {
                refuse(context, 400, "malformed_multipart", request.bytesRead() == 0 ? "the body is empty"
                        : "no part was found with the boundary the Content-Type names", Map.of());
            } else {
                context.put(FORM, body.form(request.formAttributes()));
                context.next();
            }
        });
        request.resume();
    }

    /** Answers with a problem and closes the connection, so a body still arriving is not read any further. */
    private void refuse(RoutingContext context, int status, String code, String detail, Map<String, String> headers) {
        boolean bodyPending = !context.request().isEnded();
        problems.send(context.response(), status, code, detail, headers, true)
                .onComplete(sent -> {
                    if (bodyPending) {
                        context.request().connection().close();
                    }
                });
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }
}
