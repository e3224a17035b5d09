package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

    record Stamped(Instant at, String note) {
    }

    record Counted(int count) {
    }

    @Test
    void instantsAreWrittenAsIso8601Text() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(
                new Stamped(Instant.parse("2026-11-21T10:15:30.123Z"), "x"));
        assertEquals("{\"at\":\"2026-11-21T10:15:30.123Z\",\"note\":\"x\"}", json);
    }

    @Test
    void instantsWithAnOffsetAreReadAsTheSameMoment() throws Exception {
        Stamped read = ContractJson.mapper().readValue("{\"at\":\"2026-11-21T12:15:30+02:00\"}", Stamped.class);
        assertEquals(Instant.parse("2026-11-21T10:15:30Z"), read.at());
    }

    @Test
    void nullsAreLeftOut() throws Exception {
        assertEquals("{}", ContractJson.mapper().writeValueAsString(new Stamped(null, null)));
    }

    @Test
    void unknownFieldsOfANewerWriterAreIgnored() throws Exception {
        Stamped read = ContractJson.mapper().readValue("{\"note\":\"x\",\"addedInVersion2\":[1,2]}", Stamped.class);
        assertEquals("x", read.note());
    }

    @Test
    void aNullForANumberIsAnErrorNotAZero() {
        assertThrows(JsonMappingException.class,
                () -> ContractJson.mapper().readValue("{\"count\":null}", Counted.class));
    }

    @Test
    void theSharedMapperIsOneInstance() {
        assertSame(ContractJson.mapper(), ContractJson.mapper());
    }

    @Test
    void configureAppliesTheSameSettingsToAnotherMapper() throws Exception {
        ObjectMapper other = ContractJson.configure(new ObjectMapper());
        assertEquals("{\"at\":\"2026-11-21T10:15:30Z\"}",
                other.writeValueAsString(new Stamped(Instant.parse("2026-11-21T10:15:30Z"), null)));
        assertNull(other.readValue("{\"surprise\":1}", Stamped.class).note());
    }

    @Test
    void aDocumentWithAKeyGivenTwiceIsRefused() {
        assertThrows(JsonProcessingException.class,
                () -> ContractJson.mapper().readTree("{\"frames\":2,\"frames\":3}"));
    }

    @Test
    void aDocumentWithAnythingAfterItsEndIsRefused() {
        assertThrows(JsonProcessingException.class, () -> ContractJson.mapper().readTree("{\"frames\":2} xyz"));
        assertThrows(JsonProcessingException.class, () -> ContractJson.mapper().readTree("{\"frames\":2} {}"));
    }

    @Test
    void aMapperConfiguredLikeTheSharedOneRefusesTheSameDocuments() {
        ObjectMapper other = ContractJson.configure(new ObjectMapper());
        assertThrows(JsonProcessingException.class, () -> other.readValue("{\"count\":1,\"count\":2}",
                Counted.class));
        assertThrows(JsonProcessingException.class, () -> other.readValue("{\"count\":1}]", Counted.class));
    }
}
