package dev.chimera.contract.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerAnnouncementTest {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void anAnnouncementSurvivesARoundTripWithWireNamesAndIsoTimes() throws Exception {
        WorkerAnnouncement sent = WorkerAnnouncement.serving("worker-1", List.of(Method.CROSSBREED, Method.CLVAE), NOW,
                Duration.ofSeconds(30));

        JsonNode json = JSON.valueToTree(sent);
        assertEquals("crossbreed", json.get("methods").get(0).textValue());
        assertEquals("2026-11-21T10:00:30Z", json.get("expiresAt").textValue());
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), WorkerAnnouncement.class));
    }

    @Test
    void aWithdrawalServesNothingAndExpiresAtOnce() {
        WorkerAnnouncement withdrawal = WorkerAnnouncement.withdrawal("worker-1", NOW);

        assertEquals(List.of(), withdrawal.methods());
        assertEquals(NOW, withdrawal.expiresAt());
    }

    @Test
    void aMethodOfANewerContractIsCarriedButLeftOutOfTheKnownMethods() throws Exception {
        String json = "{\"schemaVersion\":1,\"workerId\":\"w\",\"methods\":[\"splice\",\"dream-machine\"],"
                + "\"announcedAt\":\"2026-11-21T10:00:00Z\",\"expiresAt\":\"2026-11-21T10:00:30Z\"}";

        WorkerAnnouncement read = JSON.readValue(json, WorkerAnnouncement.class);

        assertEquals(List.of("splice", "dream-machine"), read.methods());
        assertEquals(Set.of(Method.SPLICE), read.knownMethods());
    }

    @Test
    void anAnnouncementNeedsAWorkerAndCannotExpireBeforeItWasMade() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkerAnnouncement.serving(" ", List.of(Method.SPLICE), NOW, Duration.ofSeconds(30)));
        assertThrows(NullPointerException.class,
                () -> new WorkerAnnouncement(1, "w", null, NOW, NOW));
        assertThrows(IllegalArgumentException.class,
                () -> new WorkerAnnouncement(1, "w", List.of("splice"), NOW, NOW.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerAnnouncement.serving("w", List.of(Method.SPLICE), NOW, Duration.ZERO));
    }
}
