package dev.chimera.storage.cdi;

import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.TenantStore;
import dev.chimera.storage.jobs.WorkerMethods;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one producer of the storage clients for every Quarkus service: the job database (migrated at start unless told
 * not to; Flyway's lock makes concurrent starts safe), its stores and the object store, each once per process and
 * closed at shutdown. A service gets only the beans it injects, since Quarkus drops unused producers.
 *
 * <p>A module of its own rather than a package of {@code storage}: storage stays plain Java for the command-line
 * programs and the end-to-end harness, and each service gets the same beans by one dependency.
 */
@Singleton
public class StorageProducers {

    @Produces
    @Singleton
    JobDatabase jobDatabase(DatabaseConfig config) {
        JobDatabase database = config.schema()
                .map(schema -> JobDatabase.openInSchema(config.settings(), schema))
                .orElseGet(() -> JobDatabase.open(config.settings()));
        if (config.migrateAtStart()) {
            database.migrate();
        }
        return database;
    }

    void closeJobDatabase(@Disposes JobDatabase database) {
        database.close();
    }

    @Produces
    @Singleton
    SubmissionStore submissionStore(JobDatabase database) {
        return new SubmissionStore(database);
    }

    @Produces
    @Singleton
    JobQueries jobQueries(JobDatabase database) {
        return new JobQueries(database);
    }

    @Produces
    @Singleton
    JobTransitions jobTransitions(JobDatabase database) {
        return new JobTransitions(database);
    }

    @Produces
    @Singleton
    RunningAttempts runningAttempts(JobDatabase database) {
        return new RunningAttempts(database);
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
    ObjectStore objectStore(S3Config config) {
        ObjectStore store = new ObjectStore(config.settings());
        store.ensureBucket();
        return store;
    }

    void closeObjectStore(@Disposes ObjectStore store) {
        store.close();
    }
}
