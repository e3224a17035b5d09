package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void aSchemaOfItsOwnBecomesTheConnectionsCurrentSchema() {
        DatabaseSettings plain = new DatabaseSettings("jdbc:postgresql://db:5432/prod", "svc", "s3cret");
        DatabaseSettings withOptions = new DatabaseSettings("jdbc:postgresql://db:5432/prod?ssl=true", "svc", "s3cret");

        assertEquals("jdbc:postgresql://db:5432/prod?currentSchema=e2e", plain.inSchema("e2e").jdbcUrl());
        assertEquals("jdbc:postgresql://db:5432/prod?ssl=true&currentSchema=e2e",
                withOptions.inSchema("e2e").jdbcUrl());
        assertThrows(IllegalArgumentException.class, () -> plain.inSchema("e2e; DROP TABLE jobs"));
    }
}
