package dev.chimera.scheduler.health;

import dev.chimera.scheduler.messaging.SchedulerRuntime;
import dev.chimera.storage.jobs.JobDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when PostgreSQL answers, the Kafka cluster answers, and every consumer is polling. */
@Readiness
@ApplicationScoped
public class SchedulerReadiness implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final JobDatabase database;
    private final Admin admin;
    private final SchedulerRuntime runtime;

    /** A readiness check over the scheduler's real dependencies. */
    public SchedulerReadiness(JobDatabase database, Admin admin, SchedulerRuntime runtime) {
        this.database = database;
        this.admin = admin;
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        boolean postgres = postgresAnswers();
        boolean kafka = kafkaAnswers();
        boolean consumers = runtime.consumersRunning();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("job-scheduler-dependencies")
                .withData("postgres", postgres)
                .withData("kafka", kafka)
                .withData("consumers", consumers);
        return (postgres && kafka && consumers ? response.up() : response.down()).build();
    }

    private boolean postgresAnswers() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private boolean kafkaAnswers() {
        try {
            return !admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
