package dev.chimera.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.gateway.support.Gateway;
import dev.chimera.gateway.support.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class OutboxRelayTest {

    @AfterEach
    void leaveNoQueuedWork() {
        Gateway.cancelQueuedJobs();
    }

    @Test
    void aSubmittedJobIsPublishedOnTheSubmittedTopicKeyedByItsId() throws Exception {
        try (TopicWatch submitted = TopicWatch.from(KafkaTopics.SUBMITTED)) {
            String jobId = Gateway.submitMorphing(Gateway.newTenant(), 100);

            JsonNode message = ContractJson.mapper().readTree(submitted.awaitKey(jobId).value());

            assertEquals(jobId, message.get("jobId").asText());
            assertEquals(1, message.get("attempt").asInt());
            assertEquals("crossbreed", message.get("method").asText());
            assertEquals("inputs/" + jobId + "/imageA", message.get("inputKeys").get("imageA").asText());
            assertEquals(5, message.get("params").get("frames").asInt());
        }
    }
}
