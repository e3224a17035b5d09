package dev.chimera.scheduler.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkerAnnouncement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    private final UUID jobId = UUID.randomUUID();

    private String json(WorkerEvent event) throws Exception {
        return ContractJson.mapper().writeValueAsString(event);
    }

    private WorkerEvent read(String key, String value) throws PoisonMessageException {
        return MessageReader.read(key, value, WorkerEvent.class, WorkerEvent::jobId);
    }

    @Test
    void readsAValidMessageKeyedByItsJob() throws Exception {
        WorkerEvent event = new WorkerEvent.Released(jobId, 2, "worker-a", Instant.parse("2026-01-01T00:00:00Z"), null);

        assertEquals(event, read(jobId.toString(), json(event)));
    }

    @Test
    void textThatIsNotJsonIsPoison() {
        PoisonMessageException poison = assertThrows(PoisonMessageException.class,
                () -> read(jobId.toString(), "{\"jobId\": "));

        assertTrue(poison.getMessage().startsWith("not a valid WorkerEvent"), poison.getMessage());
    }

    @Test
    void aMessageFailingTheContractChecksIsPoison() {
        String progressAboveOne = "{\"schemaVersion\":1,\"jobId\":\"" + jobId + "\",\"attempt\":1,\"type\":\"progress\","
                + "\"workerId\":\"w\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"progress\":1.5}";

        PoisonMessageException poison = assertThrows(PoisonMessageException.class,
                () -> read(jobId.toString(), progressAboveOne));

        assertTrue(poison.getMessage().contains("progress must be within 0..1"), poison.getMessage());
    }

    @Test
    void aMessageKeyedByAnotherJobIsPoison() throws Exception {
        WorkerEvent event = new WorkerEvent.Released(jobId, 1, "worker-a", Instant.now(), null);

        assertThrows(PoisonMessageException.class, () -> read(UUID.randomUUID().toString(), json(event)));
    }

    @Test
    void aRecordWithoutValueIsPoison() {
        assertThrows(PoisonMessageException.class, () -> read(jobId.toString(), null));
    }

    @Test
    void aWorkersMessageMustBeKeyedByItsWorker() throws Exception {
        WorkerAnnouncement announcement = WorkerAnnouncement.serving("worker-a", List.of(Method.SPLICE), Instant.now(),
                Duration.ofSeconds(30));
        String json = ContractJson.mapper().writeValueAsString(announcement);

        assertEquals(announcement, MessageReader.readFromWorker("worker-a", json, WorkerAnnouncement.class,
                WorkerAnnouncement::workerId));
        PoisonMessageException poison = assertThrows(PoisonMessageException.class, () -> MessageReader.readFromWorker(
                "worker-b", json, WorkerAnnouncement.class, WorkerAnnouncement::workerId));
        assertTrue(poison.getMessage().contains("is not the worker id worker-a"), poison.getMessage());
    }
}
