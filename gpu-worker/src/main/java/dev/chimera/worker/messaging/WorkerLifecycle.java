package dev.chimera.worker.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import org.jboss.logging.Logger;

import ai.djl.Device;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.ObjectStoreException;
import dev.chimera.worker.config.WorkerConfig;
import dev.chimera.worker.kubernetes.PodDeletionCost;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.service.BusyListener;
import dev.chimera.worker.service.ObjectStoreCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts the worker with the application and, on shutdown (SIGTERM), releases its job before Quarkus exits. */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final WorkerConfig config;
    private final Device device;
    private final RunningAttempts attempts;
    private final ObjectStore objects;
    private final ModelRegistry models;
    private final Config allSettings;
    private volatile Worker worker;
    private volatile Optional<PodDeletionCost> podDeletionCost = Optional.empty();

    WorkerLifecycle(WorkerConfig config, Device device, RunningAttempts attempts, ObjectStore objects,
            ModelRegistry models,
            Config allSettings) {
        this.config = config;
        this.device = device;
        this.attempts = attempts;
        this.objects = objects;
        this.models = models;
        this.allSettings = allSettings;
    }

    void onStart(@Observes StartupEvent event) {
        podDeletionCost = PodDeletionCost.inCluster(config.podName(), config.podNamespace(),
                config.podDeletionCostBusy(), config.podDeletionCostIdle(), apiServerAddress(),
                PodDeletionCost.SERVICE_ACCOUNT);
        // A restarted container keeps its pod, which may still be marked busy from before.
        podDeletionCost.ifPresent(PodDeletionCost::idle);
        BusyListener busyListener = podDeletionCost.<BusyListener>map(cost -> cost).orElse(BusyListener.NONE);
        applyCacheExpiry();
        worker = Worker.start(config.settings(), device, attempts, objects, models, busyListener);
    }

    // Housekeeping, not correctness: a worker that cannot set the rule now runs all the same and sets it next start.
    private void applyCacheExpiry() {
        try {
            objects.applyExpiry(ObjectStoreCache.expiryRule(config.cacheExpiryDays()));
        } catch (ObjectStoreException e) {
            LOG.warnf("cache expiry not applied, tried again at the next start error=%s", e.toString());
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        Worker running = worker;
        if (running != null) {
            LOG.info("shutdown: stopping the worker");
            running.stop();
        }
        podDeletionCost.ifPresent(PodDeletionCost::close);
    }

    /** The running worker, or null before start. */
    public Worker worker() {
        return worker;
    }

    /** The API server's address, which the kubelet gives every container under these two fixed names. */
    private Map<String, String> apiServerAddress() {
        Map<String, String> address = new HashMap<>();
        for (String name : List.of("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT")) {
            allSettings.getOptionalValue(name, String.class).ifPresent(value -> address.put(name, value));
        }
        return address;
    }
}
