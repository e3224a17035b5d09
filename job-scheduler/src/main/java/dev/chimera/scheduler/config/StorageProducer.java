package dev.chimera.scheduler.config;

import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.jobs.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
        if (config.dbSchema().isPresent()) {
            settings = inSchema(settings, config.dbSchema().get());
        }
        JobDatabase database = JobDatabase.open(settings);
        config.dbSchema().ifPresent(schema -> createSchema(database, schema));
        if (DatabaseSettings.migrateAtStart(System.getenv())) {
            database.migrate();
        }
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

    private static DatabaseSettings inSchema(DatabaseSettings settings, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("CHIMERA_DB_SCHEMA must be a plain lowercase identifier: " + schema);
        }
        String separator = settings.jdbcUrl().contains("?") ? "&" : "?";
        return new DatabaseSettings(settings.jdbcUrl() + separator + "currentSchema=" + schema,
                settings.user(), settings.password());
    }

    private static void createSchema(JobDatabase database, String schema) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database schema " + schema, e);
        }
    }
}
