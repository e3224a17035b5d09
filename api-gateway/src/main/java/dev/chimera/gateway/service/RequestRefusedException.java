package dev.chimera.gateway.service;

import dev.chimera.contract.params.Problem;
import java.util.List;

/** A request the gateway refuses with a 4xx: the HTTP status, a stable code and every problem found. */
public class RequestRefusedException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Problem> problems;

    public RequestRefusedException(int status, String code, String detail, List<Problem> problems) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    /** A refusal without field problems. */
    public static RequestRefusedException of(int status, String code, String detail) {
        return new RequestRefusedException(status, code, detail, List.of());
    }

    /** 404 not_found; also what another tenant's job looks like. */
    public static RequestRefusedException notFound(String detail) {
        return of(404, "not_found", detail);
    }

    /** 401 unauthorized. */
    public static RequestRefusedException unauthorized(String detail) {
        return of(401, "unauthorized", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
