package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class ObjectStoreTest {

    private static final int TWENTY_MIB = 20 * 1024 * 1024;

    private static ObjectStore store;
    private String prefix;

    @BeforeAll
    static void openStore() {
        store = new ObjectStore(S3Settings.fromEnvironment(System.getenv()));
        store.ensureBucket();
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "test/storage/" + UUID.randomUUID() + "/";
    }

    @Test
    void anEmptyObjectRoundTrips() throws IOException {
        store.put(prefix + "empty", new byte[0], "application/octet-stream");

        try (InputStream content = store.get(prefix + "empty")) {
            assertArrayEquals(new byte[0], content.readAllBytes());
        }
        assertEquals(0, store.stat(prefix + "empty").size());
    }

    @Test
    void aTwentyMebibyteObjectRoundTripsThroughAMultipartUpload() throws Exception {
        byte[] bytes = new byte[TWENTY_MIB];
        new Random(42).nextBytes(bytes);

        store.put(prefix + "large.bin", new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");

        ObjectInfo info = store.stat(prefix + "large.bin");
        assertEquals(TWENTY_MIB, info.size());
        // S3 marks the etag of a multipart object with the number of parts: 20 MiB in 5 MiB parts is 4.
        assertTrue(info.etag().endsWith("-4"), info.etag());
        try (InputStream content = store.get(prefix + "large.bin")) {
            assertEquals(sha256(new ByteArrayInputStream(bytes)), sha256(content));
        }
    }

    @Test
    void statReportsSizeAndContentType() {
        store.put(prefix + "a.png", new byte[] {1, 2, 3}, "image/png");

        ObjectInfo info = store.stat(prefix + "a.png");

        assertEquals(prefix + "a.png", info.key());
        assertEquals(3, info.size());
        assertEquals(Optional.of("image/png"), info.contentType());
    }

    @Test
    void aMissingObjectIsReportedAsNotFound() {
        ObjectNotFoundException onStat = assertThrows(ObjectNotFoundException.class,
                () -> store.stat(prefix + "missing"));
        assertThrows(ObjectNotFoundException.class, () -> store.get(prefix + "missing"));

        assertEquals(prefix + "missing", onStat.key());
    }

    @Test
    void listingReturnsExactlyTheObjectsUnderAPrefixInKeyOrder() {
        store.put(prefix + "b/2.png", new byte[] {2}, "image/png");
        store.put(prefix + "a/1.png", new byte[] {1}, "image/png");
        store.put(prefix + "b/3/deep.png", new byte[] {3, 3}, "image/png");
        store.put(prefix + "c.png", new byte[] {4}, "image/png");

        List<ObjectInfo> underB = store.list(prefix + "b/");
        List<ObjectInfo> all = store.list(prefix);

        assertEquals(List.of(prefix + "b/2.png", prefix + "b/3/deep.png"),
                underB.stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(1L, 2L), underB.stream().map(ObjectInfo::size).toList());
        assertEquals(4, all.size());
        assertTrue(store.list(prefix + "nothing-here/").isEmpty());
    }

    @Test
    void deletedObjectsAreGoneAndDeletingTwiceIsHarmless() {
        store.put(prefix + "doomed", new byte[] {1}, "application/octet-stream");

        store.delete(prefix + "doomed");
        store.delete(prefix + "doomed");

        assertThrows(ObjectNotFoundException.class, () -> store.stat(prefix + "doomed"));
        assertTrue(store.list(prefix).isEmpty());
    }

    @Test
    void contentAddressedKeysAreTheSha256OfTheBytes() throws IOException {
        byte[] bytes = "structure image".getBytes();

        String key = store.putContentAddressed(prefix, bytes, "image/png");

        assertEquals(prefix + sha256(new ByteArrayInputStream(bytes)), key);
        assertEquals(key, store.putContentAddressed(prefix, bytes, "image/png"));
        assertEquals(1, store.list(prefix).size());
        try (InputStream content = store.get(key)) {
            assertArrayEquals(bytes, content.readAllBytes());
        }
    }

    @Test
    void ensuringABucketTwiceIsHarmless() {
        store.ensureBucket();
        store.ensureBucket();

        store.put(prefix + "after-ensure", new byte[] {7}, "application/octet-stream");
        assertEquals(1, store.stat(prefix + "after-ensure").size());
    }

    @Test
    void keysWithSpacesAndNonAsciiCharactersRoundTripUnderTheirOwnName() throws IOException {
        String key = prefix + "a b/été+(1)~.png";
        store.put(key, new byte[] {9, 8, 7}, "image/png");

        try (InputStream content = store.get(key)) {
            assertArrayEquals(new byte[] {9, 8, 7}, content.readAllBytes());
        }
        assertEquals(List.of(key), store.list(prefix).stream().map(ObjectInfo::key).toList());
    }

    @Test
    void aPutIntoAMissingBucketIsNotFoundAndAWrongSecretIsRefusedNotUnavailable() {
        S3Settings settings = S3Settings.fromEnvironment(System.getenv());
        try (ObjectStore noBucket = new ObjectStore(settings.withBucket("chimera-missing-" + UUID.randomUUID()
                .toString().substring(0, 8)));
             ObjectStore wrongSecret = new ObjectStore(new S3Settings(settings.endpoint(), settings.accessKey(),
                     settings.secretKey() + "-wrong", settings.region(), settings.bucket()))) {
            assertThrows(ObjectNotFoundException.class,
                    () -> noBucket.put("probe", new byte[] {1}, "application/octet-stream"));
            ObjectStoreException refused = assertThrows(ObjectStoreException.class,
                    () -> wrongSecret.put(prefix + "probe", new byte[] {1}, "application/octet-stream"));
            assertFalse(refused instanceof ObjectStoreUnavailableException, refused.toString());
            assertTrue(refused.getMessage().contains("SignatureDoesNotMatch"), refused.getMessage());
        }
    }

    @Test
    void aMissingBucketIsCreatedByEnsureBucket() {
        String bucket = "chimera-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (ObjectStore other = new ObjectStore(S3Settings.fromEnvironment(System.getenv()).withBucket(bucket))) {
            assertThrows(ObjectNotFoundException.class, () -> other.stat("anything"));

            other.ensureBucket();

            other.put("probe", new byte[] {1}, "application/octet-stream");
            assertEquals(1, other.stat("probe").size());
            other.delete("probe");
        }
    }

    private static String sha256(InputStream content) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream in = new DigestInputStream(content, digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
