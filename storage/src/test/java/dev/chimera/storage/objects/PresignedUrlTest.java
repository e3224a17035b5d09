package dev.chimera.storage.objects;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Presigned URLs fetched the way a browser would: plain HTTP, no credentials. */
@Tag("integration")
class PresignedUrlTest {

    private static final byte[] IMAGE = "not really a png".getBytes();

    private static ObjectStore store;
    private static HttpClient http;
    private String key;

    @BeforeAll
    static void openStore() {
        store = new ObjectStore(S3Settings.fromEnvironment(System.getenv()));
        store.ensureBucket();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @BeforeEach
    void storeAnObject() {
        key = "test/presigned/" + UUID.randomUUID() + "/result.png";
        store.put(key, IMAGE, "image/png");
    }

    @Test
    void aPresignedUrlServesTheObjectWithoutCredentials() throws Exception {
        URI url = store.presignedGet(key, Duration.ofMinutes(5));

        HttpResponse<byte[]> response = fetch(url);

        assertEquals(200, response.statusCode());
        assertArrayEquals(IMAGE, response.body());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aPresignedAttachmentUrlIsServedAsAnAttachmentOfTheTypeItNames() throws Exception {
        URI url = store.presignedGet(key, Instant.now(), Duration.ofMinutes(5),
                new Attachment("job-result.png", "application/octet-stream"));

        HttpResponse<byte[]> response = fetch(url);

        assertEquals(200, response.statusCode());
        assertArrayEquals(IMAGE, response.body());
        assertEquals("attachment; filename=\"job-result.png\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aPresignedAttachmentUrlWhoseDispositionWasChangedIsRefused() throws Exception {
        URI url = store.presignedGet(key, Instant.now(), Duration.ofMinutes(5),
                new Attachment("job-result.png", "image/png"));

        HttpResponse<byte[]> response = fetch(URI.create(url.toString().replace("attachment", "inline")));

        assertEquals(403, response.statusCode());
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        URI url = store.presignedGet(key, Duration.ofMinutes(5));
        String query = url.getRawQuery();
        int signatureAt = query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char last = query.charAt(signatureAt);
        String tampered = query.substring(0, signatureAt) + (last == 'a' ? 'b' : 'a')
                + query.substring(signatureAt + 1);

        HttpResponse<byte[]> response = fetch(URI.create(url.toString().replace(query, tampered)));

        assertEquals(403, response.statusCode());
    }

    @Test
    void aPresignedUrlForAnotherKeyIsRefused() throws Exception {
        URI url = store.presignedGet(key, Duration.ofMinutes(5));

        HttpResponse<byte[]> response = fetch(URI.create(url.toString().replace("result.png", "other.png")));

        assertEquals(403, response.statusCode());
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        URI url = store.presignedGet(key, Duration.ofSeconds(2));
        assertEquals(200, fetch(url).statusCode());

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> fetch(url).statusCode() == 403);

        assertTrue(url.getRawQuery().contains("X-Amz-Expires=2"));
    }

    private static HttpResponse<byte[]> fetch(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
