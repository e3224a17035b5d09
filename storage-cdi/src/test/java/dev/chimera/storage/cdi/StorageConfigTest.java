package dev.chimera.storage.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.objects.S3Settings;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mappings read the variables the deployments set, under the names they have always had. */
class StorageConfigTest {

    @Test
    void missingVariablesFallBackToTheLocalStackLikeTheCommandLinePrograms() {
        SmallRyeConfig config = configFrom(Map.of());

        assertEquals(DatabaseSettings.fromEnvironment(Map.of()),
                config.getConfigMapping(DatabaseConfig.class).settings());
        assertEquals(S3Settings.fromEnvironment(Map.of()), config.getConfigMapping(S3Config.class).settings());
        assertEquals(Optional.empty(), config.getConfigMapping(DatabaseConfig.class).schema());
    }

    @Test
    void theDatabaseIsReadFromTheChimeraDbVariables() {
        DatabaseConfig database = configFrom(Map.of(
                "CHIMERA_DB_URL", "jdbc:postgresql://db:5432/prod",
                "CHIMERA_DB_USER", "svc",
                "CHIMERA_DB_PASSWORD", "s3cret",
                "CHIMERA_DB_SCHEMA", "scheduler_test")).getConfigMapping(DatabaseConfig.class);

        assertEquals(new DatabaseSettings("jdbc:postgresql://db:5432/prod", "svc", "s3cret"), database.settings());
        assertEquals(Optional.of("scheduler_test"), database.schema());
    }

    @Test
    void theObjectStoreIsReadFromTheChimeraS3Variables() {
        S3Config s3 = configFrom(Map.of(
                "CHIMERA_S3_ENDPOINT", "https://s3.example.org",
                "CHIMERA_S3_ACCESS_KEY", "AKIA",
                "CHIMERA_S3_SECRET_KEY", "very-secret",
                "CHIMERA_S3_REGION", "eu-central-1",
                "CHIMERA_S3_BUCKET", "chimera-prod")).getConfigMapping(S3Config.class);

        assertEquals(new S3Settings("https://s3.example.org", "AKIA", "very-secret", "eu-central-1", "chimera-prod"),
                s3.settings());
    }

    @Test
    void servicesMigrateAtStartUnlessADeploymentMigratesOncePerRelease() {
        assertTrue(migrateAtStart(Map.of()));
        assertTrue(migrateAtStart(Map.of("CHIMERA_DB_MIGRATE_AT_START", "true")));
        assertFalse(migrateAtStart(Map.of("CHIMERA_DB_MIGRATE_AT_START", "false")));
        ConfigValidationException mistyped = assertThrows(ConfigValidationException.class,
                () -> migrateAtStart(Map.of("CHIMERA_DB_MIGRATE_AT_START", "no")));
        assertTrue(mistyped.getMessage().contains("must be true or false, was no"), mistyped.getMessage());
    }

    private static boolean migrateAtStart(Map<String, String> env) {
        return configFrom(env).getConfigMapping(DatabaseConfig.class).migrateAtStart();
    }

    private static SmallRyeConfig configFrom(Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withMapping(DatabaseConfig.class)
                .withMapping(S3Config.class)
                .withSources(new EnvConfigSource(env, 300))
                .build();
    }
}
