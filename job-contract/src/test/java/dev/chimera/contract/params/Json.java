package dev.chimera.contract.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import java.io.UncheckedIOException;

/** Test shorthand: JSON written with single quotes, to keep the specifications readable. */
final class Json {

    private Json() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return ContractJson.mapper().readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
