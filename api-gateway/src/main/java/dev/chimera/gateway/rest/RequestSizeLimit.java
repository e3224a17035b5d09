package dev.chimera.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Refuses a request body over {@code chimera.max-request-bytes} with Chimera's 413 problem+json before any of it is
 * read: up front from Content-Length, and, for a chunked body, when the HTTP layer's own body limit trips.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private static final int FIRST = -10_000;
    private static final int PAYLOAD_TOO_LARGE = 413;

    private final long maxRequestBytes;
    private final String body;

    public RequestSizeLimit(GatewayConfig config, ObjectMapper json) throws JsonProcessingException {
        this.maxRequestBytes = config.maxRequestBytes();
        this.body = json.writeValueAsString(ProblemDetails.of(PAYLOAD_TOO_LARGE, "Request Entity Too Large",
                "payload_too_large", "the request body is larger than the limit of " + maxRequestBytes + " bytes",
                List.of()));
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::checkDeclaredLength);
        router.route().order(FIRST).failureHandler(this::explainBodyLimit);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOverLimit(declared)) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void explainBodyLimit(RoutingContext context) {
        if (context.statusCode() == PAYLOAD_TOO_LARGE && !context.response().headWritten()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private boolean isOverLimit(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxRequestBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refuse(RoutingContext context) {
        // Closing the connection spares reading a body nobody will use.
        context.response().setStatusCode(PAYLOAD_TOO_LARGE)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
