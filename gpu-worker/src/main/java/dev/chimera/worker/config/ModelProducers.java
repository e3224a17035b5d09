package dev.chimera.worker.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.service.DeviceSelection;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Chooses the device the networks run on and opens the model registry over the object store (which, like the job
 * database, comes from the shared storage producer), and closes the registry at shutdown.
 */
@Singleton
public class ModelProducers {

    @Produces
    @Singleton
    Device device() {
        return DeviceSelection.select();
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(ObjectStore objects, Device device, WorkerConfig config, Config allSettings) {
        return new ModelRegistry(objects, Path.of(config.modelCache()), pinnedVersions(allSettings),
                NDManager.newBaseManager(device));
    }

    void closeModelRegistry(@Disposes ModelRegistry registry) {
        registry.close();
    }

    /** The {@code CHIMERA_MODEL_<FAMILY>_VERSION} variables, whose names depend on the families registered. */
    private static Map<String, String> pinnedVersions(Config allSettings) {
        Map<String, String> pins = new HashMap<>();
        for (String name : allSettings.getPropertyNames()) {
            if (name.startsWith("CHIMERA_MODEL_") && name.endsWith("_VERSION")) {
                allSettings.getOptionalValue(name, String.class).ifPresent(value -> pins.put(name, value));
            }
        }
        return pins;
    }
}
