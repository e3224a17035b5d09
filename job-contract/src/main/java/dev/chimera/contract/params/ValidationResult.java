package dev.chimera.contract.params;

import java.util.List;

/** The outcome of validating a submission: either the typed parameters, or every problem found. */
public sealed interface ValidationResult {

    /** True when there were no problems. */
    boolean isValid();

    /** Every problem found, empty when valid. */
    List<Problem> problems();

    /** The typed parameters with defaults filled in; only for a valid result. */
    MethodParams params();

    /** A submission without problems. */
    record Valid(MethodParams params) implements ValidationResult {

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public List<Problem> problems() {
            return List.of();
        }
    }

    /** A submission with at least one problem. */
    record Invalid(List<Problem> problems) implements ValidationResult {

        /** Keeps an immutable, non-empty list. */
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one problem");
            }
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public MethodParams params() {
            throw new IllegalStateException("no parameters, the submission has problems: " + problems);
        }
    }
}
