package dev.chimera.storage.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last job of a page, newest first: (created_at, id). Keyset pagination stays stable while
 * new jobs arrive, unlike offsets. {@link #encode()} gives an opaque token for URLs.
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** An opaque, URL-safe token for this cursor. */
    public String encode() {
        String plain = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a token from {@link #encode()} stands for; IllegalArgumentException for anything else. */
    public static PageCursor decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not a page cursor: " + token);
            }
            return new PageCursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a page cursor: " + token, e);
        }
    }
}
