package dev.chimera.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Writes problem+json answers straight onto Vert.x responses, for the refusals made before a request reaches a
 * resource (body limits, upload caps and pace, malformed framing); the resources' own failures go through
 * {@link ProblemMapper}.
 */
@ApplicationScoped
public class HttpProblems {

    private final ObjectMapper json;

    public HttpProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ends {@code response} with a problem+json body, adding {@code headers}; {@code close} asks the client to drop
     * the connection, which spares reading a body nobody will use. Completes when the answer is written.
     */
    public Future<Void> send(HttpServerResponse response, int status, String code, String detail,
                             Map<String, String> headers, boolean close) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return Future.succeededFuture();
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        return response.end(body(status, code, detail));
    }

    /** The JSON of a problem without field problems. */
    public String body(int status, String code, String detail) {
        try {
            return json.writeValueAsString(ProblemDetails.of(status, ProblemMapper.title(status), code, detail,
                    List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body must serialise", e);
        }
    }
}
