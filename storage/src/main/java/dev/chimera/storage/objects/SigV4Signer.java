package dev.chimera.storage.objects;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for path-style requests ({@code endpoint/bucket/key}), signed locally: presigned GET URLs
 * (the query-string form) and the Authorization header of a request the store sends itself. The MinIO SDK derives the
 * signing key anew (four HMACs) and builds its request objects for every signature; a status poll hands out several
 * URLs and a submit PUTs several inputs, so here the signing key is kept for its day and a signature costs one SHA-256
 * and one HMAC. The same arguments always give the same signature.
 */
final class SigV4Signer {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final long MAX_EXPIRY_SECONDS = Duration.ofDays(7).toSeconds();
    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest SHA_256 = sha256Digest();
    private static final Pattern RESPONSE_OVERRIDE = Pattern.compile("response-[a-z-]+");

    // The signing key lives in an initialised Mac that each signature clones: looking up and keying a new one cost
    // more than the signature itself.
    private record SigningTime(Instant signedAt, String date, String dateTime, String scope, Mac keyedMac,
                               String queryUpToExpires, String stringToSignPrefix) {

        byte[] sign(String stringToSign) {
            try {
                return ((Mac) keyedMac.clone()).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
            }
        }
    }

    private final String origin;
    private final String host;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private volatile SigningTime lastSigningTime;

    /** A signer for the server at {@code endpoint} (scheme, host and port; no path) with these credentials. */
    SigV4Signer(URI endpoint, String accessKey, String secretKey, String region) {
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
        return presignGet(path, signedAt, expiry, Collections.emptySortedMap());
    }

    /**
     * The URL that GETs {@code path} with S3's response header overrides ({@code response-content-type},
     * {@code response-content-disposition}...), which the signature covers like every other query parameter.
     */
    URI presignGet(String path, Instant signedAt, Duration expiry, SortedMap<String, String> responseOverrides) {
        long seconds = expiry.toSeconds();
        if (seconds < 1 || seconds > MAX_EXPIRY_SECONDS) {
            throw new IllegalArgumentException("a presigned URL lives 1 s to 7 days, not " + expiry);
        }
        SigningTime time = signingTime(signedAt);
        // Parameters in byte order of their names, as the canonical query string requires: the lower-case names of
        // the overrides (checked below, so their encoding is themselves) sort after every X-Amz- name.
        StringBuilder query = new StringBuilder(time.queryUpToExpires()).append(seconds)
                .append("&X-Amz-SignedHeaders=host");
        responseOverrides.forEach((name, value) -> {
            if (!RESPONSE_OVERRIDE.matcher(name).matches()) {
                throw new IllegalArgumentException("not an S3 response header override: " + name);
            }
            query.append('&').append(name).append('=').append(encode(value, true));
        });
        String canonicalPath = encode(path, false);
        String canonicalRequest =
                "GET\n" + canonicalPath + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
        String stringToSign = time.stringToSignPrefix() + HEX.formatHex(sha256(canonicalRequest));
        String signature = HEX.formatHex(time.sign(stringToSign));
        return URI.create(origin + canonicalPath + "?" + query + "&X-Amz-Signature=" + signature);
    }

    /** The URL of {@code path} (with a leading slash) on this endpoint, encoded as the signature expects it. */
    URI url(String path) {
        return URI.create(origin + encode(path, false));
    }

    /**
     * The headers that authorise {@code method} on {@code path} (with a leading slash, no query) at {@code at}, for a
     * payload whose SHA-256 is {@code payloadSha256Hex}: {@code x-amz-date}, {@code x-amz-content-sha256} and
     * {@code Authorization}. {@code headers} are further headers the request sends and the signature covers (names in
     * lower case); the host is always covered.
     */
    Map<String, String> authorizationHeaders(String method, String path, Map<String, String> headers,
            String payloadSha256Hex, Instant at) {
        SigningTime time = signingTime(at);
        SortedMap<String, String> signed = new TreeMap<>(headers);
        signed.put("host", host);
        signed.put("x-amz-content-sha256", payloadSha256Hex);
        signed.put("x-amz-date", time.dateTime());
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.trim()).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n" + encode(path, false) + "\n\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadSha256Hex;
        String stringToSign = time.stringToSignPrefix() + HEX.formatHex(sha256(canonicalRequest));
        String signature = HEX.formatHex(time.sign(stringToSign));
        return Map.of(
                "x-amz-date", time.dateTime(),
                "x-amz-content-sha256", payloadSha256Hex,
                "Authorization", ALGORITHM + " Credential=" + accessKey + "/" + time.scope() + ", SignedHeaders="
                        + signedHeaders + ", Signature=" + signature);
    }

    /** The lower-case hex SHA-256 of {@code payload}, as {@code x-amz-content-sha256} carries it. */
    static String sha256Hex(byte[] payload) {
        return HEX.formatHex(digest().digest(payload));
    }

    // URLs are signed at the start of a signing period and PUTs at their second, so consecutive calls mostly share the
    // time; every signing time of a day shares the day's keyed Mac.
    private SigningTime signingTime(Instant signedAt) {
        SigningTime current = lastSigningTime;
        if (current != null && current.signedAt().equals(signedAt)) {
            return current;
        }
        String date = DATE.format(signedAt);
        String dateTime = DATE_TIME.format(signedAt);
        String scope = date + "/" + region + "/" + SERVICE + "/aws4_request";
        Mac keyedMac = current != null && current.date().equals(date)
                ? current.keyedMac()
                : keyedMac(signingKey(date));
        current = new SigningTime(signedAt, date, dateTime, scope, keyedMac,
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

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] sha256(String text) {
        return digest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return keyedMac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
