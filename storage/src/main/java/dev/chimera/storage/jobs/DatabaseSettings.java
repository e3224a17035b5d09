package dev.chimera.storage.jobs;

import java.util.Map;
import java.util.Objects;

/** Where the job database is and how to log in, read from the {@code CHIMERA_DB_*} environment variables. */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Settings from this process's environment, with the local stack's defaults. */
    public static DatabaseSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from the given variables, with the local stack's defaults for those that are missing. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        return new DatabaseSettings(
                env.getOrDefault("CHIMERA_DB_URL", "jdbc:postgresql://127.0.0.1:15432/chimera"),
                env.getOrDefault("CHIMERA_DB_USER", "chimera"),
                env.getOrDefault("CHIMERA_DB_PASSWORD", "chimera"));
    }

    /**
     * The same database with {@code schema} as every connection's current schema: tests, and services told
     * {@code CHIMERA_DB_SCHEMA}, keep their tables apart from the others that share the database.
     */
    public DatabaseSettings inSchema(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a database schema must be a plain lowercase identifier, was " + schema);
        }
        String separator = jdbcUrl.contains("?") ? "&" : "?";
        return new DatabaseSettings(jdbcUrl + separator + "currentSchema=" + schema, user, password);
    }

    /**
     * Whether a service migrates the schema when it starts ({@code CHIMERA_DB_MIGRATE_AT_START}, default true). A
     * deployment that runs the migration once per release (the Helm chart's hook Job) sets it to false.
     */
    public static boolean migrateAtStart(Map<String, String> env) {
        String value = env.getOrDefault("CHIMERA_DB_MIGRATE_AT_START", "true").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("CHIMERA_DB_MIGRATE_AT_START must be true or false, was " + value);
        }
        return Boolean.parseBoolean(value);
    }
}
