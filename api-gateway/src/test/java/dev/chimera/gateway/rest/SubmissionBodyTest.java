package dev.chimera.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chimera.gateway.service.SubmissionForm;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class SubmissionBodyTest {

    @Test
    void aLineBreakLeftAtTheEndOfATextFieldIsNotPartOfItsValue() {
        MultiMap attributes = MultiMap.caseInsensitiveMultiMap()
                .add("kind", "morphing\r")
                .add("method", " crossbreed\r\n")
                .add("params", "{\"frames\": 3}\r");

        SubmissionForm form = new SubmissionBody(1_000, 1_000).form(attributes);

        assertEquals("morphing", form.kind());
        assertEquals("crossbreed", form.method());
        assertEquals("{\"frames\": 3}", form.paramsText());
    }
}
