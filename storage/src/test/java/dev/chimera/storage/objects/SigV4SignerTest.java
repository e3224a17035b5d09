package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

    private static SigV4Signer localSigner() {
        return new SigV4Signer(URI.create("http://127.0.0.1:19000"), "chimera", "chimera-secret", "us-east-1");
    }
}
