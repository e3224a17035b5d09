package dev.chimera.gateway.health;

import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the S3 server answers a listing of the bucket. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {

    private final ObjectStore objects;

    public ObjectStoreReadiness(ObjectStore objects) {
        this.objects = objects;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // A prefix that holds nothing keeps the probe cheap however many objects the bucket has.
            objects.list("readiness-probe/");
            return HealthCheckResponse.named("object-storage").up().withData("bucket", objects.bucket()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-storage").down().withData("error", e.getMessage()).build();
        }
    }
}
