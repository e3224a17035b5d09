package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentAddressTest {

    @Test
    void theKeyIsThePrefixFollowedByTheSha256Hex() {
        // sha256("abc") from FIPS 180-2, appendix B.1
        assertEquals("inputs/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ContentAddress.keyFor("inputs/", "abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theKeyOfNoBytesIsTheSha256OfTheEmptyString() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ContentAddress.sha256Hex(new byte[0]));
    }
}
