package dev.chimera.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.chimera.contract.ContractJson;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** One answer of the gateway: status, headers and the body as JSON (a missing node when it is not JSON). */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    /** The body parsed as JSON. */
    public JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return ContractJson.mapper().readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A header's first value. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** This response, after checking its status; fails with the body otherwise. */
    public ApiResponse expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new AssertionError("expected HTTP " + expectedStatus + " but got " + status + ": " + body);
        }
        return this;
    }
}
