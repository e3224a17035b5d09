package dev.chimera.gateway.rest;

import dev.chimera.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;

/**
 * Limits every request body before any of it is read: a job submission to {@code chimera.max-request-bytes}
 * ({@link UploadGate} also counts a chunked one as it arrives), every other body (JSON) to
 * {@code chimera.max-json-body-bytes}, declared up front: such a body without a Content-Length is a 411. Over a
 * limit is a 413; both are problem+json. The HTTP layer's own limit sits above them and caps what slips through.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private static final int FIRST = -10_000;
    private static final int PAYLOAD_TOO_LARGE = 413;
    private static final String SUBMISSIONS = "/api/v1/jobs";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxRequestBytes;
    private final long maxJsonBodyBytes;
    private final HttpProblems problems;

    public RequestSizeLimit(GatewayConfig config, HttpProblems problems) {
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxJsonBodyBytes = config.maxJsonBodyBytes();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::checkDeclaredLength);
        router.route().order(FIRST).failureHandler(this::explainBodyLimit);
    }

    private void checkDeclaredLength(RoutingContext context) {
        if (!WITH_BODY.contains(context.request().method())) {
            context.next();
            return;
        }
        boolean submission = context.request().path().equals(SUBMISSIONS);
        long limit = submission ? maxRequestBytes : maxJsonBodyBytes;
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null && !submission && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            problems.send(context.response(), 411, "length_required",
                    "send this body with a Content-Length of at most " + limit + " bytes", Map.of(), true);
        } else if (declared != null && isOver(declared, limit)) {
            refuse(context, limit);
        } else {
            context.next();
        }
    }

    private void explainBodyLimit(RoutingContext context) {
        if (context.statusCode() == PAYLOAD_TOO_LARGE && !context.response().headWritten()) {
            refuse(context, maxRequestBytes);
        } else {
            context.next();
        }
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refuse(RoutingContext context, long limit) {
        // Closing the connection spares reading a body nobody will use.
        problems.send(context.response(), PAYLOAD_TOO_LARGE, "payload_too_large",
                "the request body is larger than the limit of " + limit + " bytes", Map.of(), true);
    }
}
