package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobKindTest {

    @Test
    void wireNamesAreTheLowercaseKindNames() {
        assertEquals(List.of("transfer", "synthesis", "morphing"),
                Arrays.stream(JobKind.values()).map(JobKind::wireName).toList());
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void aWireNameReadsBackAsItsKind(JobKind kind) {
        assertEquals(Optional.of(kind), JobKind.fromWireName(kind.wireName()));
    }

    @Test
    void anUnknownOrDifferentlyCasedNameIsNoKind() {
        assertTrue(JobKind.fromWireName("upscale").isEmpty());
        assertTrue(JobKind.fromWireName("TRANSFER").isEmpty());
        assertTrue(JobKind.fromWireName(null).isEmpty());
    }

    @Test
    void eachKindDefaultsToTheMethodOfTheArchitectureTable() {
        assertEquals(Method.SPLICE, JobKind.TRANSFER.defaultMethod());
        assertEquals(Method.CLVAE, JobKind.SYNTHESIS.defaultMethod());
        assertEquals(Method.CROSSBREED, JobKind.MORPHING.defaultMethod());
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void theDefaultMethodServesItsKind(JobKind kind) {
        assertEquals(kind, kind.defaultMethod().kind());
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void jsonCarriesTheWireName(JobKind kind) throws Exception {
        String json = ContractJson.mapper().writeValueAsString(kind);
        assertEquals("\"" + kind.wireName() + "\"", json);
        assertEquals(kind, ContractJson.mapper().readValue(json, JobKind.class));
    }

    @Test
    void jsonWithAnUnknownKindFailsToRead() {
        assertThrows(JsonMappingException.class, () -> ContractJson.mapper().readValue("\"upscale\"", JobKind.class));
    }
}
