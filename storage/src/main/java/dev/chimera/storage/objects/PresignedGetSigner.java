package dev.chimera.storage.objects;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigned GET URLs in AWS Signature Version 4's query-string form, path-style ({@code endpoint/bucket/key}), signed
 * locally. The MinIO SDK derives the signing key anew (four HMACs) and builds its request objects for every URL; a
 * status poll hands out several URLs, so here the signing key and time are kept and a URL costs one SHA-256 and one
 * HMAC.
 * The same key, signing time and expiry always give the same URL.
 */
final class PresignedGetSigner {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final long MAX_EXPIRY_SECONDS = Duration.ofDays(7).toSeconds();
    private static final HexFormat HEX = HexFormat.of();

    private record SigningTime(Instant signedAt, String date, byte[] signingKey, String queryUpToExpires,
                               String stringToSignPrefix) {
    }

    private final String origin;
    private final String host;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private volatile SigningTime lastSigningTime;

    /** A signer for the server at {@code endpoint} (scheme, host and port; no path) with these credentials. */
    PresignedGetSigner(URI endpoint, String accessKey, String secretKey, String region) {
        if (endpoint.getHost() == null || !(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
                || endpoint.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("an S3 endpoint is scheme://host[:port], without a path: " + endpoint);
        }
        boolean defaultPort = endpoint.getPort() == -1
                || ("http".equals(endpoint.getScheme()) && endpoint.getPort() == 80)
                || ("https".equals(endpoint.getScheme()) && endpoint.getPort() == 443);
        this.host = defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        this.origin = endpoint.getScheme() + "://" + host;
        this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.region = Objects.requireNonNull(region, "region");
    }

    /** The URL that GETs {@code path} (with a leading slash) from {@code signedAt} for {@code expiry}. */
    URI presignGet(String path, Instant signedAt, Duration expiry) {
        long seconds = expiry.toSeconds();
        if (seconds < 1 || seconds > MAX_EXPIRY_SECONDS) {
            throw new IllegalArgumentException("a presigned URL lives 1 s to 7 days, not " + expiry);
        }
        SigningTime time = signingTime(signedAt);
        // Parameters in byte order of their names, as the canonical query string requires.
        String query = time.queryUpToExpires() + seconds + "&X-Amz-SignedHeaders=host";
        String canonicalPath = encode(path, false);
        String canonicalRequest =
                "GET\n" + canonicalPath + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
        String stringToSign = time.stringToSignPrefix() + HEX.formatHex(sha256(canonicalRequest));
        String signature = HEX.formatHex(hmac(time.signingKey(), stringToSign));
        return URI.create(origin + canonicalPath + "?" + query + "&X-Amz-Signature=" + signature);
    }

    // URLs are signed at the start of a signing period, so consecutive calls mostly share the time and its key.
    private SigningTime signingTime(Instant signedAt) {
        SigningTime current = lastSigningTime;
        if (current != null && current.signedAt().equals(signedAt)) {
            return current;
        }
        String date = DATE.format(signedAt);
        String dateTime = DATE_TIME.format(signedAt);
        String scope = date + "/" + region + "/" + SERVICE + "/aws4_request";
        byte[] key = current != null && current.date().equals(date) ? current.signingKey() : signingKey(date);
        current = new SigningTime(signedAt, date, key,
                "X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Credential=" + encode(accessKey + "/" + scope, true)
                        + "&X-Amz-Date=" + dateTime + "&X-Amz-Expires=",
                ALGORITHM + "\n" + dateTime + "\n" + scope + "\n");
        lastSigningTime = current;
        return current;
    }

    private byte[] signingKey(String date) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        return hmac(key, "aws4_request");
    }

    /** URI-encodes every byte but the unreserved characters (and slashes, unless {@code slashes}), as SigV4 does. */
    static String encode(String value, boolean slashes) {
        StringBuilder encoded = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slashes)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
