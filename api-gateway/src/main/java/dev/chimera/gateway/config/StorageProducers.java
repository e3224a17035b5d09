package dev.chimera.gateway.config;

import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.TenantStore;
import dev.chimera.storage.jobs.WorkerMethods;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the storage clients from the {@code CHIMERA_DB_*} and {@code CHIMERA_S3_*} environment, once per process. */
public class StorageProducers {

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
    TenantStore tenantStore(JobDatabase database) {
        return new TenantStore(database);
    }

    @Produces
    @Singleton
    Outbox outbox(JobDatabase database) {
        return new Outbox(database);
    }

    @Produces
    @Singleton
    WorkerMethods workerMethods(JobDatabase database) {
        return new WorkerMethods(database);
    }

    @Produces
    @Singleton
    ObjectStore objectStore() {
        ObjectStore store = new ObjectStore(S3Settings.fromEnvironment());
        store.ensureBucket();
        return store;
    }

    void closeObjectStore(@Disposes ObjectStore store) {
        store.close();
    }
}
