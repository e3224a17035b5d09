package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.jobs.NewJob;
import dev.chimera.storage.jobs.OutboxMessage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue positions the gateway shows for a page of jobs, from one query of the store, against a live queue. */
@QuarkusTest
class QueuePositionsTest {

    @Inject
    JobStore jobs;

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aPageGetsFromOneQueryTheSamePositionsTheStoreCountsOneByOne() throws Exception {
        TenantKey tenant = Gateway.newTenant();
        Job earlier = job(Gateway.submitMorphing(tenant, 130));
        Job later = job(Gateway.submitMorphing(tenant, 132));
        Job urgent = job(submitWithPriority(tenant, 5));

        Map<UUID, Long> page = jobs.queuePositions(List.of(earlier, later, urgent));

        for (Job job : List.of(earlier, later, urgent)) {
            assertEquals(jobs.queuePosition(job), page.get(job.id()), "position of " + job.id());
        }
        assertEquals(page.get(earlier.id()) + 1, page.get(later.id()));
        assertTrue(page.get(urgent.id()) < page.get(earlier.id()), "a higher priority runs first");
        assertEquals(page.get(later.id()), jobs.queuePositions(List.of(later)).get(later.id()));
    }

    @Test
    void aJobThatLeftTheQueueHasNoPositionAndNoLongerCountsForThoseBehindIt() {
        TenantKey tenant = Gateway.newTenant();
        Job earlier = job(Gateway.submitMorphing(tenant, 134));
        Job later = job(Gateway.submitMorphing(tenant, 136));
        long before = jobs.queuePosition(later);

        as(tenant).post("/api/v1/jobs/" + earlier.id() + "/cancel").then().statusCode(200);

        Map<UUID, Long> page = jobs.queuePositions(List.of(earlier, later));
        assertFalse(page.containsKey(earlier.id()), "the stale page still says queued, the database does not");
        assertEquals(before - 1, page.get(later.id()));
        assertNull(jobs.queuePositions(List.of(job(earlier.id().toString()))).get(earlier.id()));
        assertEquals(Map.of(), jobs.queuePositions(List.of()));
    }

    private Job job(String id) {
        return jobs.get(UUID.fromString(id)).orElseThrow();
    }

    private String submitWithPriority(TenantKey tenant, int priority) throws Exception {
        UUID id = UUID.randomUUID();
        NewJob job = new NewJob(id, tenant.id(), Method.CROSSBREED, "{\"frames\":5}", Map.of(), priority,
                Optional.empty(), Optional.empty(), Optional.empty());
        JobSubmitted message = JobSubmitted.of(id, tenant.id(), JobKind.MORPHING, Method.CROSSBREED, priority,
                ContractJson.mapper().readTree(job.paramsJson()), Map.of(), Instant.now(), null);
        jobs.submit(job, new OutboxMessage(KafkaTopics.SUBMITTED, id.toString(),
                ContractJson.mapper().writeValueAsString(message)));
        return id.toString();
    }
}
