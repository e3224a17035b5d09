package dev.chimera.contract.params;

import java.util.List;
import java.util.function.Function;

/** A text parameter with a fixed set of allowed values: its JSON name, default and choices, written down once. */
public record ChoiceField<E>(String name, E defaultValue, List<E> choices, Function<E, String> wireName) {

    /** Rejects a default that is not one of the choices. */
    public ChoiceField {
        choices = List.copyOf(choices);
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not one of " + choices);
        }
    }

    /** The choices as written in JSON, in declaration order. */
    public List<String> wireNames() {
        return choices.stream().map(wireName).toList();
    }

    /** The default as written in JSON. */
    public String defaultWireName() {
        return wireName.apply(defaultValue);
    }
}
