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
}
