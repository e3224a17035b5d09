package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void fixedTopicsHaveTheirDocumentedNames() {
        assertEquals("chimera.jobs.submitted", KafkaTopics.SUBMITTED);
        assertEquals("chimera.jobs.events", KafkaTopics.EVENTS);
        assertEquals("chimera.jobs.control", KafkaTopics.CONTROL);
        assertEquals("chimera.jobs.dead-letter", KafkaTopics.DEAD_LETTER);
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
                "chimera.jobs.dead-letter", "chimera.work.transfer", "chimera.work.synthesis", "chimera.work.morphing"),
                KafkaTopics.all());
    }
}
