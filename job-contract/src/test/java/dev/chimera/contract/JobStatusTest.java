package dev.chimera.contract;

import static dev.chimera.contract.JobStatus.CANCELED;
import static dev.chimera.contract.JobStatus.EXPIRED;
import static dev.chimera.contract.JobStatus.FAILED;
import static dev.chimera.contract.JobStatus.QUEUED;
import static dev.chimera.contract.JobStatus.RUNNING;
import static dev.chimera.contract.JobStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTest {

    /** The specification of the state machine, written independently of the table in JobStatus. */
    private static final Set<List<JobStatus>> ALLOWED = Set.of(
            List.of(QUEUED, RUNNING),
            List.of(QUEUED, CANCELED),
            List.of(QUEUED, EXPIRED),
            List.of(QUEUED, FAILED),
            List.of(RUNNING, SUCCEEDED),
            List.of(RUNNING, FAILED),
            List.of(RUNNING, CANCELED),
            List.of(RUNNING, QUEUED));

    static Stream<Arguments> everyPairOfStates() {
        return Arrays.stream(JobStatus.values())
                .flatMap(from -> Arrays.stream(JobStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @Test
    void wireNamesAreTheLowercaseStateNames() {
        assertEquals(List.of("queued", "running", "succeeded", "failed", "canceled", "expired"),
                Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList());
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void aWireNameReadsBackAsItsState(JobStatus status) {
        assertEquals(Optional.of(status), JobStatus.fromWireName(status.wireName()));
    }

    @Test
    void anUnknownNameIsNoState() {
        assertTrue(JobStatus.fromWireName("cancelled").isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPairOfStates")
    void aMoveIsAllowedExactlyWhenTheSpecificationListsIt(JobStatus from, JobStatus to) {
        boolean specified = ALLOWED.contains(List.of(from, to));
        assertEquals(specified, from.canMoveTo(to));
        assertEquals(specified, from.allowedNext().contains(to));
    }

    @Test
    void theSpecificationCoversEightMoves() {
        long allowed = everyPairOfStates()
                .map(Arguments::get)
                .filter(pair -> ((JobStatus) pair[0]).canMoveTo((JobStatus) pair[1]))
                .count();
        assertEquals(ALLOWED.size(), allowed);
    }

    @Test
    void exactlySucceededFailedCanceledAndExpiredAreTerminal() {
        assertEquals(Set.of(SUCCEEDED, FAILED, CANCELED, EXPIRED),
                Set.copyOf(Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal).toList()));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELED", "EXPIRED"})
    void refusesEveryMoveFromATerminalState(JobStatus terminal) {
        assertTrue(terminal.allowedNext().isEmpty());
        Arrays.stream(JobStatus.values()).forEach(next -> assertFalse(terminal.canMoveTo(next)));
    }

    @Test
    void theTableCannotBeChangedThroughItsAccessor() {
        assertThrows(UnsupportedOperationException.class, () -> QUEUED.allowedNext().add(SUCCEEDED));
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void jsonCarriesTheWireName(JobStatus status) throws Exception {
        String json = ContractJson.mapper().writeValueAsString(status);
        assertEquals("\"" + status.wireName() + "\"", json);
        assertEquals(status, ContractJson.mapper().readValue(json, JobStatus.class));
    }

    @Test
    void jsonWithAnUnknownStateFailsToRead() {
        assertThrows(JsonMappingException.class,
                () -> ContractJson.mapper().readValue("\"paused\"", JobStatus.class));
    }
}
