package dev.chimera.storage.objects;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Keys derived from content: the same bytes always get the same key, so uploading twice stores them once. */
public final class ContentAddress {

    private ContentAddress() {
    }

    /** {@code prefix} followed by the lowercase sha256 hex of {@code bytes}, e.g. {@code inputs/9f86d0…}. */
    public static String keyFor(String prefix, byte[] bytes) {
        return prefix + sha256Hex(bytes);
    }

    /** The lowercase hex sha256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
