package dev.chimera.contract.params;

/** A decimal parameter: its JSON name, default and inclusive bounds, written down once. */
public record DecimalField(String name, double defaultValue, double min, double max) {

    /** Rejects a default outside the bounds. */
    public DecimalField {
        if (min > max || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " not within " + min + ".." + max);
        }
    }
}
