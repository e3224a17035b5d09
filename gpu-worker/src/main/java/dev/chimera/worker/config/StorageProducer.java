package dev.chimera.worker.config;

import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.service.DeviceSelection;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the worker's connections from the CHIMERA_DB_* and CHIMERA_S3_* variables, migrates the schema at start
 * unless told not to (Flyway's lock makes concurrent starts safe), and closes everything at shutdown.
 */
@Singleton
public class StorageProducer {

    @Produces
    @Singleton
    JobDatabase jobDatabase() {
        JobDatabase database = JobDatabase.open(DatabaseSettings.fromEnvironment());
        database.migrateAtStart(System.getenv());
        return database;
    }

    void closeJobDatabase(@Disposes JobDatabase database) {
        database.close();
    }

    @Produces
    @Singleton
    JobStore jobStore(JobDatabase database) {
        return new JobStore(database);
    }

    @Produces
    @Singleton
    ObjectStore objectStore() {
        ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment());
        objects.ensureBucket();
        return objects;
    }

    void closeObjectStore(@Disposes ObjectStore objects) {
        objects.close();
    }

    @Produces
    @Singleton
    Device device() {
        return DeviceSelection.select();
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(ObjectStore objects, Device device, WorkerConfig config) {
        return new ModelRegistry(objects, Path.of(config.modelCache()), System.getenv(),
                NDManager.newBaseManager(device));
    }

    void closeModelRegistry(@Disposes ModelRegistry registry) {
        registry.close();
    }
}
