package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson configuration every Chimera module uses for messages and stored JSON. */
public final class ContractJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private ContractJson() {
    }

    /** The shared, fully configured mapper; thread-safe, and not to be reconfigured by callers. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies Chimera's settings to a mapper someone else owns (e.g. Quarkus's) and returns it.
     *
     * <p>Unknown properties are ignored so that a reader tolerates messages of a newer schema version; parameters are
     * not read through data binding but through {@code ParamsValidation}, which does report unknown fields. Nulls are
     * left out so optional message fields cost nothing on the wire. A null for a primitive is an error rather than
     * a silent zero. A document with a key given twice or with anything after its end is refused: the two readers
     * of such JSON would not agree on what it says.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
