package dev.chimera.gateway.service;

import dev.chimera.contract.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sha256 fingerprint of a submission that decides whether a reused idempotency key is a replay: kind, method,
 * the canonical parameters (validated, defaults filled in, serialised by the contract) and the sha256 of each image as
 * the client sent it, by role.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /** The lowercase hex fingerprint. */
    public static String of(Method method, String canonicalParamsJson, Map<String, String> imageSha256ByRole) {
        MessageDigest digest = sha256();
        update(digest, method.kind().wireName());
        update(digest, method.wireName());
        update(digest, canonicalParamsJson);
        new TreeMap<>(imageSha256ByRole).forEach((role, sha256) -> {
            update(digest, role);
            update(digest, sha256);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    // Each part is length-prefixed so that no two different submissions concatenate to the same bytes.
    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
