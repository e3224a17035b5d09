package dev.chimera.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailureCodeTest {

    @Test
    void failuresOfTheJobItselfAreDeterministicAndNeverRetried() {
        Set<FailureCode> theJobItself = EnumSet.of(FailureCode.UNREADABLE_INPUT, FailureCode.IMAGE_TOO_SMALL,
                FailureCode.INPUT_MISSING, FailureCode.INVALID_LABEL_MAP, FailureCode.INVALID_PARAMS,
                FailureCode.TRAINING_DIVERGED, FailureCode.UNSUPPORTED_METHOD, FailureCode.MODEL_UNAVAILABLE,
                FailureCode.MODEL_WITHOUT_STYLE_ENCODER, FailureCode.MODEL_CORRUPT, FailureCode.INPUT_TOO_LARGE,
                FailureCode.OUT_OF_MEMORY);
        for (FailureCode code : theJobItself) {
            assertEquals(FailureClass.DETERMINISTIC, code.failureClass(), code.wireName());
            assertFalse(code.retryable(), code.wireName());
        }
    }

    @Test
    void anOutageIsInfrastructureAndACrashIsUnknownBothRetried() {
        assertEquals(FailureClass.INFRASTRUCTURE, FailureCode.STORAGE_UNAVAILABLE.failureClass());
        assertEquals(FailureClass.UNKNOWN, FailureCode.WORKER_ERROR.failureClass());
        assertTrue(FailureCode.STORAGE_UNAVAILABLE.retryable());
        assertTrue(FailureCode.WORKER_ERROR.retryable());
    }

    @Test
    void theMemoryGuardsCodeTravelsByItsWireName() {
        assertEquals(FailureCode.INPUT_TOO_LARGE, FailureCode.fromWireName("input_too_large").orElseThrow());
    }
}
