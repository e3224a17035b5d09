package dev.chimera.contract.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A command the scheduler sends to the worker running a job. */
public enum ControlCommand {
    CANCEL;

    /** The lowercase name used in JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command with this wire name, if any. */
    public static Optional<ControlCommand> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(command -> command.wireName().equals(wireName)).findFirst();
    }

    @JsonCreator
    static ControlCommand fromJson(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown control command: " + wireName));
    }
}
