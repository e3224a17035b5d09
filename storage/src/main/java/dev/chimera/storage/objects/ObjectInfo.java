package dev.chimera.storage.objects;

import java.time.Instant;
import java.util.Optional;

/** What the server knows about a stored object; the content type is known from stat, not from listings. */
public record ObjectInfo(String key, long size, String etag, Instant lastModified, Optional<String> contentType) {
}
