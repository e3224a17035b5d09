package dev.chimera.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void backoffDoublesWithEveryAttemptUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), policy.backoffAfter(1));
        assertEquals(Duration.ofSeconds(2), policy.backoffAfter(2));
        assertEquals(Duration.ofSeconds(4), policy.backoffAfter(3));
        assertEquals(Duration.ofSeconds(5), policy.backoffAfter(4));
        assertEquals(Duration.ofSeconds(5), policy.backoffAfter(1_000));
    }

    @Test
    void theLastAttemptGetsNoSuccessor() {
        assertTrue(policy.allowsAnotherAttempt(1));
        assertTrue(policy.allowsAnotherAttempt(2));
        assertFalse(policy.allowsAnotherAttempt(3));
    }

    @Test
    void aDeterministicFailureIsNeverRetriedWhateverTheWorkerReported() {
        assertFalse(policy.retries("out_of_memory", true, 1));
        assertFalse(policy.retries("input_too_large", true, 1));
        assertFalse(policy.retries("model_unavailable", true, 1));
    }

    @Test
    void infrastructureAndUnknownFailuresAreRetriedWhileAttemptsAreLeft() {
        assertTrue(policy.retries("storage_unavailable", false, 1));
        assertTrue(policy.retries("worker_error", false, 2));
        assertFalse(policy.retries("worker_error", true, 3));
    }

    @Test
    void aCodeTheSchedulerDoesNotKnowIsRetriedAsTheWorkerSaid() {
        assertTrue(policy.retries("device_lost", true, 1));
        assertFalse(policy.retries("bad_input", false, 1));
    }

    @Test
    void refusesAPolicyWithoutAnyAttempt() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    }
}
