package dev.chimera.storage.jobs;

import java.util.Map;
import java.util.Objects;

/** Where the job database is and how to log in, read from the {@code CHIMERA_DB_*} environment variables. */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    /** The local stack's database, used when {@code CHIMERA_DB_URL} is unset. */
    public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:15432/chimera";
    /** The local stack's login, used when {@code CHIMERA_DB_USER} is unset. */
    public static final String LOCAL_USER = "chimera";
    /** The local stack's password, used when {@code CHIMERA_DB_PASSWORD} is unset. */
    public static final String LOCAL_PASSWORD = "chimera";

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Settings from the given variables, with the local stack's defaults for those that are missing. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        return new DatabaseSettings(
                env.getOrDefault("CHIMERA_DB_URL", LOCAL_URL),
                env.getOrDefault("CHIMERA_DB_USER", LOCAL_USER),
                env.getOrDefault("CHIMERA_DB_PASSWORD", LOCAL_PASSWORD));
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
}
