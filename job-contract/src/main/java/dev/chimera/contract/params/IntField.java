package dev.chimera.contract.params;

/** An integer parameter: its JSON name, default and inclusive bounds, written down once. */
public record IntField(String name, int defaultValue, int min, int max) {

    /** Rejects a default outside the bounds. */
    public IntField {
        if (min > max || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " not within " + min + ".." + max);
        }
    }
}
