package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The admission doorbell on the real PostgreSQL: what rings it, who hears it, and that a listener whose connection
 * is cut listens again. It has a schema of its own, so the only rings there are this test's.
 */
@Tag("integration")
class AdmissionDoorbellTest {

    private static final String SCHEMA = "storage_doorbell_test";
    private static final long TIMEOUT_SECONDS = 10;

    private static JobDatabase database;
    private static JobDatabase otherSchema;

    private final Semaphore rings = new Semaphore(0);
    private SubmissionStore submissions;
    private String tenant;
    private AdmissionDoorbellListener listener;
    private Thread listenerThread;

    @BeforeAll
    static void openDatabases() {
        database = JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), SCHEMA);
        database.migrate();
        otherSchema = TestDatabase.shared();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void startListening() throws InterruptedException {
        submissions = new SubmissionStore(database);
        tenant = TestDatabase.freshTenant(database);
        listener = new AdmissionDoorbellListener(database, rings::release, Duration.ofMillis(100));
        listenerThread = new Thread(listener, "doorbell-test");
        listenerThread.start();
        // Starting to listen counts as a ring: rings made before it were not heard.
        awaitRing();
    }

    @AfterEach
    void stopListening() throws InterruptedException {
        listener.stop();
        listenerThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }

    @Test
    void aSubmittedJobRingsAsItsTransactionCommits() throws InterruptedException {
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        awaitRing();
    }

    @Test
    void aJobThatEndsRings() throws InterruptedException {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        awaitRing();

        TransitionResult canceled = new JobTransitions(database)
                .transition(Transition.cancel(job.id(), job.attempt(), JobStatus.QUEUED));

        assertInstanceOf(TransitionResult.Applied.class, canceled);
        awaitRing();
    }

    @Test
    void aReplayedSubmissionInsertsNothingAndDoesNotRing() throws InterruptedException {
        NewJob first = TestDatabase.spliceJob(tenant).withIdempotencyKey("doorbell-key", "hash");
        TestDatabase.submitted(submissions, first);
        awaitRing();

        Submission replay = submissions.submit(TestDatabase.spliceJob(tenant).withIdempotencyKey("doorbell-key",
                "hash"), TestDatabase.announcement(first));
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertInstanceOf(Submission.Replayed.class, replay);
        // Notifications arrive in commit order: once the later submission's ring is heard, a ring of the replay
        // would have been heard before it.
        awaitRing();
        assertEquals(0, rings.availablePermits());
    }

    @Test
    void aRingInAnotherSchemaIsNotHeard() throws InterruptedException {
        TestDatabase.submitted(new SubmissionStore(otherSchema), TestDatabase.spliceJob(
                TestDatabase.freshTenant(otherSchema)));
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        awaitRing();
        assertEquals(0, rings.availablePermits());
    }

    @Test
    void aListenerWhoseConnectionIsCutListensAgainAndCountsThatAsARing() throws Exception {
        database.autoCommit(connection -> {
            try (PreparedStatement cut = connection.prepareStatement("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name = ? AND datname = current_database()""")) {
                cut.setString(1, AdmissionDoorbellListener.APPLICATION_NAME);
                cut.execute();
            }
            return null;
        });

        awaitRing();
        assertTrue(listener.listening());
        TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        awaitRing();
    }

    private void awaitRing() throws InterruptedException {
        assertTrue(rings.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS), "no ring within " + TIMEOUT_SECONDS + " s");
    }
}
