package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void missingVariablesFallBackToTheLocalStack() {
        assertEquals(new S3Settings("http://127.0.0.1:19000", "chimera", "chimera-secret", "us-east-1", "chimera"),
                S3Settings.fromEnvironment(Map.of()));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of(
                "CHIMERA_S3_ENDPOINT", "https://s3.example.org",
                "CHIMERA_S3_ACCESS_KEY", "AKIA",
                "CHIMERA_S3_SECRET_KEY", "very-secret",
                "CHIMERA_S3_REGION", "eu-central-1",
                "CHIMERA_S3_BUCKET", "chimera-prod"));

        assertEquals(new S3Settings("https://s3.example.org", "AKIA", "very-secret", "eu-central-1", "chimera-prod"),
                settings);
    }

    @Test
    void theSecretKeyNeverAppearsInLogs() {
        assertFalse(S3Settings.fromEnvironment(Map.of()).toString().contains("chimera-secret"));
    }
}
