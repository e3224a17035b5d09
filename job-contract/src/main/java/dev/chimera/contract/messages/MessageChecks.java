package dev.chimera.contract.messages;

import java.util.Objects;

/** Argument checks shared by the message records' constructors. */
final class MessageChecks {

    private MessageChecks() {
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, field + " is required");
    }

    static void attempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
