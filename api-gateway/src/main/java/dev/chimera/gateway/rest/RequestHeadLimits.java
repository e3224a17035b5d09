package dev.chimera.gateway.rest;

import dev.chimera.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses an over-long URI (414) or header block (431) with problem+json. The HTTP decoder's own limits
 * ({@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size}) are set well above
 * {@code chimera.max-uri-bytes} and {@code chimera.max-header-bytes}, so that a request between the two reaches this
 * handler; the decoder answers what is beyond its limits, or malformed, with a bare status before any handler runs.
 */
@ApplicationScoped
public class RequestHeadLimits {

    // Before RequestSizeLimit: an over-long request line says nothing trustworthy about the body.
    private static final int ORDER = -10_001;

    private final long maxUriBytes;
    private final long maxHeaderBytes;
    private final HttpProblems problems;

    public RequestHeadLimits(GatewayConfig config, HttpProblems problems) {
        this.maxUriBytes = config.maxUriBytes();
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > maxUriBytes) {
            problems.send(context.response(), 414, "uri_too_long",
                    "the request URI is longer than " + maxUriBytes + " bytes", Map.of(), true);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            problems.send(context.response(), 431, "headers_too_large",
                    "the request headers take more than " + maxHeaderBytes + " bytes", Map.of(), true);
            return;
        }
        context.next();
    }
}
