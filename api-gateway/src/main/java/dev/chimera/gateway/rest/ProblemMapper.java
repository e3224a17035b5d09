package dev.chimera.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.gateway.service.SubmissionRateLimitedException;
import dev.chimera.storage.jobs.JobStoreUnavailableException;
import dev.chimera.storage.objects.ObjectStoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The one place that turns every failure into problem+json with a stable code. */
@Provider
public class ProblemMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    // How Quarkus's request stream reports a chunked body that passed quarkus.http.limits.max-body-size.
    private static final String BODY_CEILING_MESSAGE = "Request too large";

    @Override
    public Response toResponse(Exception exception) {
        ProblemDetails body = describe(exception);
        Response.ResponseBuilder response = Response.status(body.status()).type(ProblemDetails.MEDIA_TYPE).entity(body);
        if (body.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (body.status() == 503) {
            response.header("Retry-After", "5");
        }
        if (exception instanceof SubmissionRateLimitedException limited) {
            response.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return response.build();
    }

    static ProblemDetails describe(Exception exception) {
        if (exception instanceof RequestRefusedException refused) {
            List<ProblemDetails.FieldProblem> problems = refused.problems().stream()
                    .map(p -> new ProblemDetails.FieldProblem(p.code().wireName(), p.field(), p.message()))
                    .toList();
            return ProblemDetails.of(refused.status(), title(refused.status()), refused.code(), refused.getMessage(),
                    problems);
        }
        if (exception instanceof JobStoreUnavailableException || exception instanceof ObjectStoreUnavailableException) {
            LOG.warnf("storage unavailable error=%s", exception.getMessage());
            return ProblemDetails.of(503, title(503), "storage_unavailable",
                    "storage is unavailable, retry later", List.of());
        }
        if (exception instanceof IOException && BODY_CEILING_MESSAGE.equals(exception.getMessage())) {
            return ProblemDetails.of(413, title(413), "payload_too_large",
                    "the request body is larger than the HTTP body limit", List.of());
        }
        Optional<JsonProcessingException> json = jsonCause(exception);
        if (json.isPresent()) {
            return ProblemDetails.of(400, title(400), "invalid_json",
                    "the body is not valid JSON: " + json.get().getOriginalMessage(), List.of());
        }
        if (exception instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return ProblemDetails.of(status, title(status), codeOf(status), web.getMessage(), List.of());
        }
        LOG.errorf(exception, "request failed unexpectedly");
        return ProblemDetails.of(500, title(500), "internal_error", "the gateway failed to handle the request",
                List.of());
    }

    /** A body Jackson could not read, with a key twice or data after the document included. */
    private static Optional<JsonProcessingException> jsonCause(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return Optional.of(json);
            }
        }
        return Optional.empty();
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase()
                : switch (status) {
                    case 422 -> "Unprocessable Content";
                    case 429 -> "Too Many Requests";
                    case 431 -> "Request Header Fields Too Large";
                    default -> "HTTP " + status;
                };
    }
}
