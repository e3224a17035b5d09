package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The three kinds of image-generation job Chimera runs, each routed to its own work topic. */
public enum JobKind {
    TRANSFER("transfer"),
    SYNTHESIS("synthesis"),
    MORPHING("morphing");

    private final String wireName;

    JobKind(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in JSON, URLs, topic names and the database. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name, if any. */
    public static Optional<JobKind> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    static JobKind fromJson(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown job kind: " + wireName));
    }

    /** The method used when a submission names only the kind. */
    public Method defaultMethod() {
        return switch (this) {
            case TRANSFER -> Method.SPLICE;
            case SYNTHESIS -> Method.CLVAE;
            case MORPHING -> Method.CROSSBREED;
        };
    }
}
