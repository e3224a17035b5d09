package dev.chimera.deploy;

import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;

/**
 * Applies the job database's Flyway migrations once and exits: the Helm chart's pre-install/pre-upgrade Job runs it
 * from the job-scheduler image, so the schema is migrated once per release instead of by every replica at start.
 */
public final class SchemaMigration {

    private SchemaMigration() {
    }

    /** Migrates the database named by the CHIMERA_DB_* variables; exits non-zero when that fails. */
    public static void main(String[] args) {
        try (JobDatabase database = JobDatabase.open(DatabaseSettings.fromEnvironment(System.getenv()))) {
            database.migrate();
        }
    }
}
