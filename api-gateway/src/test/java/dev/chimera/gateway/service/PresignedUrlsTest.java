package dev.chimera.gateway.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.objects.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PresignedUrlsTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    @Inject
    ObjectStore objects;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aPeriodLastsHalfTheTtlSoEveryUrlHandedOutStaysValidForAtLeastHalfOfIt() {
        PresignedUrls urls = new PresignedUrls(objects, TTL, clock);
        long period = urls.currentPeriod();

        now.set(now.get().plus(TTL.dividedBy(2)).minusMillis(1));
        assertEquals(period, urls.currentPeriod());
        now.set(now.get().plusMillis(1));
        assertEquals(period + 1, urls.currentPeriod());
        assertTrue(urls.url(storedObject("x"), period).contains("X-Amz-Expires=" + TTL.toSeconds()));
    }

    @Test
    void oneSignatureServesTheWholePeriodAndTheNextPeriodGetsAFreshOne() throws Exception {
        PresignedUrls urls = new PresignedUrls(objects, TTL, clock);
        String key = storedObject("cached");
        long period = urls.currentPeriod();
        String first = urls.url(key, period);
        // Signing again now would give another URL (its date has moved on); the period's URL stays the same.
        await().atMost(Duration.ofSeconds(5)).until(() -> !objects.presignedGet(key, TTL).toString().equals(first));

        assertEquals(first, urls.url(key, period));
        assertEquals(Map.of("a", first), urls.urls(Map.of("a", key), period));
        String next = urls.url(key, period + 1);
        assertNotEquals(first, next);
        assertEquals("cached", fetch(next));
    }

    private String storedObject(String content) {
        String key = "tests/presigned/" + UUID.randomUUID();
        objects.put(key, content.getBytes(StandardCharsets.UTF_8), "text/plain");
        return key;
    }

    private static String fetch(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
