package dev.chimera.storage.cdi;

import dev.chimera.storage.jobs.DatabaseSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The job database's settings; each entry is read from its {@code CHIMERA_DB_*} environment variable (the
 * environment spelling of {@code chimera.db.*}), with the local stack's defaults.
 */
@ConfigMapping(prefix = "chimera.db")
public interface DatabaseConfig {

    /** CHIMERA_DB_URL: the JDBC URL. */
    @WithDefault(DatabaseSettings.LOCAL_URL)
    String url();

    /** CHIMERA_DB_USER. */
    @WithDefault(DatabaseSettings.LOCAL_USER)
    String user();

    /** CHIMERA_DB_PASSWORD. */
    @WithDefault(DatabaseSettings.LOCAL_PASSWORD)
    String password();

    /** CHIMERA_DB_SCHEMA: a schema to use, and create, instead of the login's default (tests). */
    Optional<String> schema();

    /**
     * CHIMERA_DB_MIGRATE_AT_START: whether the service migrates the schema when it starts; a deployment that runs the
     * migration once per release (the Helm chart's hook Job) sets it to false.
     */
    @WithDefault("true")
    @WithConverter(StrictBooleanConverter.class)
    boolean migrateAtStart();

    /** The settings these values describe; {@link #schema()} is applied when the database is opened. */
    default DatabaseSettings settings() {
        return new DatabaseSettings(url(), user(), password());
    }
}
