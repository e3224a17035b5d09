package dev.chimera.gateway.health;

import dev.chimera.storage.jobs.JobDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when a pooled connection to the job database answers a validity ping. */
@Readiness
@ApplicationScoped
public class PostgresReadiness implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final JobDatabase database;

    public PostgresReadiness(JobDatabase database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = database.dataSource().getConnection()) {
            return HealthCheckResponse.named("postgres").status(connection.isValid(TIMEOUT_SECONDS)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgres").down().withData("error", e.getMessage()).build();
        }
    }
}
