package dev.chimera.gateway.health;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.messaging.KafkaClientSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster describes itself with at least one broker. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;

    public KafkaReadiness(GatewayConfig config) {
        this.admin = Admin.create(new KafkaClientSettings(config.kafka().bootstrap()).admin("chimera-gateway-health",
                Duration.ofMillis(TIMEOUT_MS)));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named("kafka").status(brokers > 0).withData("brokers", brokers).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("kafka").down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
