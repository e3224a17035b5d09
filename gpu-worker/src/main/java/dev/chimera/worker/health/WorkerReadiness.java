package dev.chimera.worker.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.chimera.worker.messaging.Worker;
import dev.chimera.worker.messaging.WorkerLifecycle;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready while the work loop runs; reports whether a job is running and on which device. */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

    private final WorkerLifecycle lifecycle;

    WorkerReadiness(WorkerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        Worker worker = lifecycle.worker();
        boolean up = worker != null && worker.running();
        var response = HealthCheckResponse.named("work-loop").status(up);
        if (worker != null) {
            response.withData("busy", worker.runner().busy()).withData("device", worker.runner().device().toString());
        }
        return response.build();
    }
}
