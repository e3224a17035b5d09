package dev.chimera.worker.registrytool;

import java.util.Optional;

/**
 * Where one role's weights come from, written {@code ROLE=LOCATION[!MEMBER][#PREFIX]}: a local path or an http(s)
 * URL, optionally a member of a zip archive at that location, optionally only the tensors under a prefix of the
 * checkpoint (stripped), e.g. {@code generator=best_00174000.pt#G.} for Neural Crossbreed's {@code {'G': ...}}.
 */
public record RoleSource(String role, String location, Optional<String> zipMember, Optional<String> prefix) {

    /**
     * Parses {@code ROLE=LOCATION[!MEMBER][#PREFIX]}.
     *
     * @throws IllegalArgumentException if the role or the location is missing
     */
    public static RoleSource parse(String spec) {
        int equals = spec.indexOf('=');
        if (equals <= 0 || equals == spec.length() - 1) {
            throw new IllegalArgumentException("a weights source is ROLE=LOCATION[!ZIP_MEMBER][#PREFIX], was \""
                    + spec + "\"");
        }
        String role = spec.substring(0, equals);
        String rest = spec.substring(equals + 1);
        Optional<String> prefix = Optional.empty();
        int hash = rest.lastIndexOf('#');
        if (hash >= 0) {
            prefix = Optional.of(rest.substring(hash + 1)).filter(p -> !p.isEmpty());
            rest = rest.substring(0, hash);
        }
        Optional<String> member = Optional.empty();
        int bang = rest.lastIndexOf('!');
        if (bang >= 0) {
            member = Optional.of(rest.substring(bang + 1)).filter(m -> !m.isEmpty());
            rest = rest.substring(0, bang);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("the weights source of role " + role + " has no location");
        }
        return new RoleSource(role, rest, member, prefix);
    }

    /** Whether the location is a URL to download rather than a local file. */
    public boolean remote() {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** The same file as {@code other}: same location and archive member, whatever the prefixes. */
    boolean sameFileAs(RoleSource other) {
        return location.equals(other.location) && zipMember.equals(other.zipMember);
    }
}
