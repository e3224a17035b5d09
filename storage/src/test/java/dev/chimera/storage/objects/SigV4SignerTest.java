package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** Signature Version 4 presigning and header signing, checked against the examples of Amazon's S3 documentation. */
class SigV4SignerTest {

    private static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");

    // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference.
    @Test
    void signsAmazonsDocumentedExampleToItsDocumentedSignature() {
        SigV4Signer signer = new SigV4Signer(URI.create("https://examplebucket.s3.amazonaws.com"),
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");

        URI url = signer.presignGet("/test.txt", SIGNED_AT, Duration.ofDays(1));

        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", url.toString());
    }

    // "Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)", example "GET Object".
    @Test
    void signsTheHeadersOfAmazonsDocumentedGetExampleToItsDocumentedSignature() {
        SigV4Signer signer = new SigV4Signer(URI.create("https://examplebucket.s3.amazonaws.com"),
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        String emptyPayload = SigV4Signer.sha256Hex(new byte[0]);

        Map<String, String> headers = signer.authorizationHeaders("GET", "/test.txt", Map.of("range", "bytes=0-9"),
                emptyPayload, SIGNED_AT);

        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", emptyPayload);
        assertEquals(Map.of(
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", emptyPayload,
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"), headers);
    }

    @Test
    void theSameArgumentsGiveTheSameUrlAndAnotherSigningTimeAnotherOne() {
        SigV4Signer signer = localSigner();

        URI first = signer.presignGet("/chimera/results/a/output.png", SIGNED_AT, Duration.ofMinutes(10));

        assertEquals(first, signer.presignGet("/chimera/results/a/output.png", SIGNED_AT, Duration.ofMinutes(10)));
        assertNotEquals(first, signer.presignGet("/chimera/results/a/output.png", SIGNED_AT.plusSeconds(1),
                Duration.ofMinutes(10)));
        assertEquals("http", first.getScheme());
        assertEquals(19000, first.getPort());
    }

    @Test
    void encodesEverythingButUnreservedCharactersAndPathSlashes() {
        assertEquals("/chimera/inputs/a%20b/%C3%A9t%C3%A9~_-.png",
                SigV4Signer.encode("/chimera/inputs/a b/été~_-.png", false));
        assertEquals("key%2F20130524", SigV4Signer.encode("key/20130524", true));
    }

    @Test
    void refusesAnExpiryOutsideOneSecondToSevenDaysAndAnEndpointWithAPath() {
        SigV4Signer signer = localSigner();

        assertThrows(IllegalArgumentException.class, () -> signer.presignGet("/b/k", SIGNED_AT, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> signer.presignGet("/b/k", SIGNED_AT, Duration.ofDays(8)));
        assertThrows(IllegalArgumentException.class, () -> new SigV4Signer(
                URI.create("http://127.0.0.1:19000/s3"), "chimera", "chimera-secret", "us-east-1"));
    }

    @Test
    void responseOverridesAreSignedEncodedAndInCanonicalOrderAfterTheAmzParameters() {
        URI url = localSigner().presignGet("/chimera/results/j/1/output.png", SIGNED_AT, Duration.ofMinutes(10),
                attachment("j-output.png", "image/png"));

        String query = url.getRawQuery();
        assertEquals(List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "response-content-disposition", "response-content-type", "X-Amz-Signature"),
                Arrays.stream(query.split("&")).map(parameter -> parameter.substring(0, parameter.indexOf('='))).toList());
        assertTrue(query.contains("&response-content-disposition=attachment%3B%20filename%3D%22j-output.png%22&"),
                query);
        assertTrue(query.contains("&response-content-type=image%2Fpng&"), query);
    }

    // The MinIO SDK's own signer, an implementation written apart from ours, signs the same request with the same
    // query parameters: both must arrive at one signature, so S3 accepts the overrides as signed.
    @Test
    void aUrlWithOverridesCarriesTheSignatureTheMinioSdkComputesForTheSameRequest() throws Exception {
        SortedMap<String, String> overrides = attachment("j-morph.gif", "image/gif");
        URI ours = localSigner().presignGet("/chimera/results/j/1/morph.gif", SIGNED_AT, Duration.ofMinutes(10),
                overrides);

        HttpUrl.Builder unsigned = HttpUrl.get("http://127.0.0.1:19000/chimera/results/j/1/morph.gif").newBuilder();
        overrides.forEach(unsigned::addQueryParameter);
        Request request = new Request.Builder().url(unsigned.build()).get()
                .header("Host", "127.0.0.1:19000").header("x-amz-date", "20130524T000000Z").build();
        HttpUrl theirs = io.minio.Signer.presignV4(request, "us-east-1", "chimera", "chimera-secret", 600);

        assertEquals(theirs.queryParameter("X-Amz-Signature"), signatureOf(ours));
    }

    @Test
    void anotherOverrideValueGivesAnotherSignatureAndAnythingButAResponseOverrideIsRefused() {
        SigV4Signer signer = localSigner();
        URI png = signer.presignGet("/chimera/k", SIGNED_AT, Duration.ofMinutes(10), attachment("k.png", "image/png"));
        URI html = signer.presignGet("/chimera/k", SIGNED_AT, Duration.ofMinutes(10), attachment("k.png", "text/html"));
        URI plain = signer.presignGet("/chimera/k", SIGNED_AT, Duration.ofMinutes(10));

        assertNotEquals(signatureOf(png), signatureOf(html));
        assertNotEquals(signatureOf(png), signatureOf(plain));
        assertThrows(IllegalArgumentException.class, () -> signer.presignGet("/chimera/k", SIGNED_AT,
                Duration.ofMinutes(10), new TreeMap<>(Map.of("X-Amz-Expires", "604800"))));
    }

    private static SortedMap<String, String> attachment(String fileName, String contentType) {
        return new TreeMap<>(Map.of("response-content-disposition", "attachment; filename=\"" + fileName + "\"",
                "response-content-type", contentType));
    }

    private static String signatureOf(URI url) {
        String query = url.getRawQuery();
        return query.substring(query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
    }

    private static SigV4Signer localSigner() {
        return new SigV4Signer(URI.create("http://127.0.0.1:19000"), "chimera", "chimera-secret", "us-east-1");
    }
}
