package dev.chimera.storage.cdi;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads exactly {@code true} or {@code false}: the lenient default converter reads any other word as false, and a
 * mistyped switch must stop the service instead.
 */
public final class StrictBooleanConverter implements Converter<Boolean> {

    @Override
    public Boolean convert(String value) {
        String trimmed = value.trim();
        if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false, was " + value);
        }
        return Boolean.parseBoolean(trimmed);
    }
}
