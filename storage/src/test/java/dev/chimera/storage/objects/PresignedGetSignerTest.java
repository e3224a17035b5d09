package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signature Version 4 presigning, checked against the example of Amazon's S3 documentation. */
class PresignedGetSignerTest {

    private static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");

    // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference.
    @Test
    void signsAmazonsDocumentedExampleToItsDocumentedSignature() {
        PresignedGetSigner signer = new PresignedGetSigner(URI.create("https://examplebucket.s3.amazonaws.com"),
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");

        URI url = signer.presignGet("/test.txt", SIGNED_AT, Duration.ofDays(1));

        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", url.toString());
    }

    @Test
    void theSameArgumentsGiveTheSameUrlAndAnotherSigningTimeAnotherOne() {
        PresignedGetSigner signer = localSigner();

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
                PresignedGetSigner.encode("/chimera/inputs/a b/été~_-.png", false));
        assertEquals("key%2F20130524", PresignedGetSigner.encode("key/20130524", true));
    }

    @Test
    void refusesAnExpiryOutsideOneSecondToSevenDaysAndAnEndpointWithAPath() {
        PresignedGetSigner signer = localSigner();

        assertThrows(IllegalArgumentException.class, () -> signer.presignGet("/b/k", SIGNED_AT, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> signer.presignGet("/b/k", SIGNED_AT, Duration.ofDays(8)));
        assertThrows(IllegalArgumentException.class, () -> new PresignedGetSigner(
                URI.create("http://127.0.0.1:19000/s3"), "chimera", "chimera-secret", "us-east-1"));
    }

    private static PresignedGetSigner localSigner() {
        return new PresignedGetSigner(URI.create("http://127.0.0.1:19000"), "chimera", "chimera-secret", "us-east-1");
    }
}
