package dev.chimera.gateway.rest;

import static dev.chimera.gateway.support.Gateway.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.Gateway.TenantKey;
import dev.chimera.gateway.support.TopicWatch;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.Transition;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class RunningJobCancelTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Inject
    JobTransitions transitions;

    @Test
    void cancelingARunningJobEndsItAndSendsACancelForItsAttemptToTheWorkers() throws Exception {
        TenantKey tenant = Gateway.newTenant();
        String id = Gateway.submitMorphing(tenant, 110);
        // Stand in for the worker that started the job.
        assertTrue(transitions.transition(Transition.start(UUID.fromString(id), 1)).applied());

        try (TopicWatch control = TopicWatch.from(KafkaTopics.CONTROL)) {
            as(tenant).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200)
                    .body("status", equalTo("canceled"));

            JsonNode command = ContractJson.mapper().readTree(control.awaitKey(id).value());
            assertEquals(id, command.get("jobId").asText());
            assertEquals(1, command.get("attempt").asInt());
            assertEquals("cancel", command.get("command").asText());
        }
    }
}
