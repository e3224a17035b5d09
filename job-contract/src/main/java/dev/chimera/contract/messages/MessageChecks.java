package dev.chimera.contract.messages;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the message records' constructors. */
final class MessageChecks {

    private MessageChecks() {
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, field + " is required");
    }

    /** An unmodifiable copy of {@code values}, which must be present and not empty. */
    static <T> List<T> nonEmpty(List<T> values, String field) {
        List<T> copy = List.copyOf(present(values, field));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return copy;
    }

    static void attempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
