package dev.chimera.scheduler.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import jakarta.enterprise.context.ApplicationScoped;

/** Reports that the job-scheduler process is up and serving requests. */
@Liveness
@ApplicationScoped
public class SchedulerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("job-scheduler");
    }
}
