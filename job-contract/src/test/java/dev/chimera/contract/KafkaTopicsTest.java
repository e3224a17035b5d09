package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void fixedTopicsHaveTheirDocumentedNames() {
        assertEquals("chimera.jobs.submitted", KafkaTopics.SUBMITTED);
        assertEquals("chimera.jobs.events", KafkaTopics.EVENTS);
        assertEquals("chimera.jobs.control", KafkaTopics.CONTROL);
        assertEquals("chimera.jobs.dead-letter", KafkaTopics.DEAD_LETTER);
        assertEquals("chimera.workers.methods", KafkaTopics.WORKER_METHODS);
    }

    @Test
    void eachKindHasItsOwnWorkTopic() {
        assertEquals("chimera.work.transfer", KafkaTopics.work(JobKind.TRANSFER));
        assertEquals("chimera.work.synthesis", KafkaTopics.work(JobKind.SYNTHESIS));
        assertEquals("chimera.work.morphing", KafkaTopics.work(JobKind.MORPHING));
    }

    @Test
    void allListsEveryTopicOnce() {
        assertEquals(List.of("chimera.jobs.submitted", "chimera.jobs.events", "chimera.jobs.control",
                "chimera.jobs.dead-letter", "chimera.workers.methods", "chimera.work.transfer",
                "chimera.work.synthesis", "chimera.work.morphing"),
                KafkaTopics.all());
    }

    @Test
    void thePartitionPlanGivesWorkTopicsTheWorkCountAndEveryOtherTopicTheDefault() {
        Map<String, Integer> plan = KafkaTopics.partitionPlan(6, 3);

        assertEquals(KafkaTopics.all(), List.copyOf(plan.keySet()));
        assertEquals(6, plan.get("chimera.work.transfer"));
        assertEquals(6, plan.get("chimera.work.synthesis"));
        assertEquals(6, plan.get("chimera.work.morphing"));
        assertEquals(3, plan.get(KafkaTopics.SUBMITTED));
        assertEquals(3, plan.get(KafkaTopics.EVENTS));
        assertEquals(3, plan.get(KafkaTopics.CONTROL));
        assertEquals(3, plan.get(KafkaTopics.DEAD_LETTER));
        assertEquals(3, plan.get(KafkaTopics.WORKER_METHODS));
    }

    @Test
    void theWorkPartitionPlanIsThePartitionPlanOfTheWorkTopicsAlone() {
        assertEquals(Map.of("chimera.work.transfer", 6, "chimera.work.synthesis", 6, "chimera.work.morphing", 6),
                KafkaTopics.workPartitionPlan(6));
    }
}
