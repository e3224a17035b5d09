package dev.chimera.worker.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import jakarta.enterprise.context.ApplicationScoped;

/** Reports that the gpu-worker process is up and serving requests. */
@Liveness
@ApplicationScoped
public class WorkerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("gpu-worker");
    }
}
