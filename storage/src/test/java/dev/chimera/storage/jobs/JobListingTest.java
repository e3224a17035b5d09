package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobListingTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void pagesWalkEveryJobOnceNewestFirst() {
        List<Job> submitted = submit(25);

        List<Job> walked = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        do {
            JobPage page = queries.list(tenant, JobFilter.all(), cursor, 10);
            walked.addAll(page.jobs());
            pageSizes.add(page.jobs().size());
            cursor = page.next();
        } while (cursor.isPresent());

        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(newestFirst(submitted).stream().map(Job::id).toList(), walked.stream().map(Job::id).toList());
    }

    @Test
    void jobsSubmittedWhilePagingDoNotShiftLaterPages() {
        List<Job> submitted = submit(6);
        JobPage first = queries.list(tenant, JobFilter.all(), Optional.empty(), 3);

        submit(4);
        JobPage second = queries.list(tenant, JobFilter.all(), first.next(), 3);

        assertEquals(newestFirst(submitted).subList(3, 6).stream().map(Job::id).toList(),
                second.jobs().stream().map(Job::id).toList());
        assertTrue(second.next().isEmpty());
    }

    @Test
    void aCursorSurvivesTheRoundTripThroughItsToken() {
        submit(3);
        PageCursor cursor = queries.list(tenant, JobFilter.all(), Optional.empty(), 1).next().orElseThrow();

        PageCursor decoded = PageCursor.decode(cursor.encode());

        assertEquals(cursor, decoded);
        assertEquals(queries.list(tenant, JobFilter.all(), Optional.of(cursor), 5),
                queries.list(tenant, JobFilter.all(), Optional.of(decoded), 5));
    }

    @Test
    void aMalformedCursorTokenIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PageCursor.decode("not a cursor"));
        assertThrows(IllegalArgumentException.class, () -> PageCursor.decode(
                java.util.Base64.getUrlEncoder().encodeToString("yesterday|x".getBytes())));
    }

    @Test
    void filtersByStatusAndKind() {
        List<Job> splices = submit(3);
        Job synthesis = TestDatabase.submitted(submissions,
                NewJob.of(tenant, Method.CLVAE, "{\"samples\": 2}", Map.of("labelMap", "inputs/map.png")));
        transitions.transition(Transition.start(splices.get(0).id(), 1));

        JobPage running = queries.list(tenant, JobFilter.all().withStatus(JobStatus.RUNNING), Optional.empty(), 10);
        JobPage synthesisJobs = queries.list(tenant, JobFilter.all().withKind(JobKind.SYNTHESIS), Optional.empty(), 10);
        JobPage queuedTransfers = queries.list(tenant,
                JobFilter.all().withStatus(JobStatus.QUEUED).withKind(JobKind.TRANSFER), Optional.empty(), 10);

        assertEquals(List.of(splices.get(0).id()), running.jobs().stream().map(Job::id).toList());
        assertEquals(List.of(synthesis.id()), synthesisJobs.jobs().stream().map(Job::id).toList());
        assertEquals(List.of(splices.get(2).id(), splices.get(1).id()).stream().sorted().toList(),
                queuedTransfers.jobs().stream().map(Job::id).sorted().toList());
    }

    @Test
    void aTenantNeverListsAnotherTenantsJobs() {
        submit(2);
        String otherTenant = TestDatabase.freshTenant(database);

        assertTrue(queries.list(otherTenant, JobFilter.all(), Optional.empty(), 10).jobs().isEmpty());
    }

    @Test
    void aPageSizeOutsideTheLimitsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> queries.list(tenant, JobFilter.all(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> queries.list(tenant, JobFilter.all(), Optional.empty(), 1001));
    }

    private List<Job> submit(int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant)));
        }
        return jobs;
    }

    private static List<Job> newestFirst(List<Job> jobs) {
        Comparator<Job> byCreated = Comparator.comparing(Job::createdAt);
        Comparator<Job> byCreatedThenId = byCreated.thenComparing(Job::id, JobListingTest::compareAsPostgres);
        return jobs.stream().sorted(byCreatedThenId.reversed()).toList();
    }

    /** PostgreSQL orders uuids by their bytes, unsigned; java.util.UUID.compareTo compares signed longs. */
    private static int compareAsPostgres(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
