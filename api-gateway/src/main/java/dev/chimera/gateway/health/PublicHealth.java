package dev.chimera.gateway.health;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Supplier;

/**
 * The health the public port tells: {@code /q/health/live} and {@code /q/health/ready} answer 200 {@code UP} or 503
 * {@code DOWN} and nothing else, for load balancers and the local stack. Which checks ran and what they found are
 * on the management port only ({@code quarkus.management.*}), with the metrics and the OpenAPI description.
 */
@ApplicationScoped
public class PublicHealth {

    private final SmallRyeHealthReporter reporter;

    public PublicHealth(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    void install(@Observes Router router) {
        router.get("/q/health/live").handler(context -> answer(context, reporter::getLiveness));
        router.get("/q/health/ready").handler(context -> answer(context, reporter::getReadiness));
    }

    private static void answer(RoutingContext context, Supplier<SmallRyeHealth> health) {
        // The readiness checks call PostgreSQL, Kafka and S3: never on the event loop.
        context.vertx().executeBlocking(() -> health.get().isDown(), false).onComplete(down -> {
            boolean up = down.succeeded() && !down.result();
            context.response().setStatusCode(up ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    }
}
