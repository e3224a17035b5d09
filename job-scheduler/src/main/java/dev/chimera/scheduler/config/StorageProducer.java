package dev.chimera.scheduler.config;

import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.WorkerMethods;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the job database from the {@code CHIMERA_DB_*} variables, migrates it unless told not to, and hands out the
 * stores.
 */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @Singleton
    JobDatabase jobDatabase(SchedulerConfig config) {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment();
        JobDatabase database = config.dbSchema().map(schema -> JobDatabase.openInSchema(settings, schema))
                .orElseGet(() -> JobDatabase.open(settings));
        database.migrateAtStart(System.getenv());
        return database;
    }

    void close(@Disposes JobDatabase database) {
        database.close();
    }

    @Produces
    @Singleton
    JobStore jobStore(JobDatabase database) {
        return new JobStore(database);
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
}
