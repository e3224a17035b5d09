package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import dev.chimera.storage.LocalStack;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stops the local stack's PostgreSQL in the middle of the test: run it alone, other users of the stack notice. */
@Tag("integration")
class JobStoreOutageTest {

    private static final DatabaseSettings SETTINGS = TestDatabase.settings();

    private static JobDatabase database;
    private static SubmissionStore submissions;
    private static JobQueries queries;
    private static JobTransitions transitions;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.openMigrated();
        submissions = new SubmissionStore(database);
        queries = new JobQueries(database);
        transitions = new JobTransitions(database);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Test
    void aStoppedDatabaseIsReportedAsUnavailableAndTheStoreRecoversOnceItIsBack() {
        String tenant = TestDatabase.freshTenant(database);
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        LocalStack.stop("postgres");
        try {
            JobStoreUnavailableException onRead = assertThrows(JobStoreUnavailableException.class,
                    () -> queries.get(job.id()));
            NewJob another = TestDatabase.spliceJob(tenant);
            assertThrows(JobStoreUnavailableException.class,
                    () -> submissions.submit(another, TestDatabase.announcement(another)));
            assertThrows(JobStoreUnavailableException.class,
                    () -> transitions.transition(Transition.start(job.id(), 1)));
            assertTrue(onRead.getMessage().contains(SETTINGS.jdbcUrl()), onRead.getMessage());
        } finally {
            LocalStack.start("postgres");
        }

        Job recovered = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreException(JobStoreUnavailableException.class)
                .until(() -> queries.get(job.id()), Optional::isPresent)
                .orElseThrow();
        assertEquals(job, recovered);
        assertTrue(transitions.transition(Transition.start(job.id(), 1)).applied());
        assertEquals(JobStatus.RUNNING, queries.get(job.id()).orElseThrow().status());
    }

    @Test
    void migratingWhileTheDatabaseIsDownIsReportedAsUnavailable() {
        LocalStack.stop("postgres");
        try (JobDatabase fresh = JobDatabase.open(SETTINGS)) {
            JobStoreUnavailableException error = assertThrows(JobStoreUnavailableException.class, fresh::migrate);
            assertTrue(error.getMessage().contains(SETTINGS.jdbcUrl()), error.getMessage());
        } finally {
            LocalStack.start("postgres");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreException(JobStoreUnavailableException.class)
                .untilAsserted(() -> TestDatabase.freshTenant(database));
    }
}
