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
    void refusesAPolicyWithoutAnyAttempt() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    }
}
