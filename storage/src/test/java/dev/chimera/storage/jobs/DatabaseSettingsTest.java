package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void missingVariablesFallBackToTheLocalStack() {
        assertEquals(new DatabaseSettings("jdbc:postgresql://127.0.0.1:15432/chimera", "chimera", "chimera"),
                DatabaseSettings.fromEnvironment(Map.of()));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(Map.of(
                "CHIMERA_DB_URL", "jdbc:postgresql://db:5432/prod",
                "CHIMERA_DB_USER", "svc",
                "CHIMERA_DB_PASSWORD", "s3cret"));

        assertEquals(new DatabaseSettings("jdbc:postgresql://db:5432/prod", "svc", "s3cret"), settings);
    }
}
