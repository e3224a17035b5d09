package dev.chimera.gateway.rest;

import java.util.List;

/** An RFC 9457 problem+json body with Chimera's stable {@code code} and the field problems. */
public record ProblemDetails(String type, String title, int status, String detail, String code,
                             List<FieldProblem> problems) {

    /** The problem+json media type. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One thing wrong with one field. */
    public record FieldProblem(String code, String field, String message) {
    }

    /** A body whose type URI is derived from the code. */
    public static ProblemDetails of(int status, String title, String code, String detail, List<FieldProblem> problems) {
        return new ProblemDetails("https://chimera.dev/problems/" + code.replace('_', '-'), title, status, detail,
                code, List.copyOf(problems));
    }
}
