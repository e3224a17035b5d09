package dev.chimera.contract.params;

import java.util.Objects;

/**
 * One thing wrong with a submission.
 *
 * @param field dotted path of the offending field, e.g. {@code params.lossWeights.appearance} or {@code inputs.style}
 * @param message a sentence for humans; not stable, unlike {@code code}
 */
public record Problem(ProblemCode code, String field, String message) {

    /** Rejects missing parts. */
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
