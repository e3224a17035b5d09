package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.objects.Attachment;
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
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Presigned URLs as the gateway hands them out: one per key and signing period. */
@QuarkusTest
@Tag("integration")
class PresignedUrlsTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Attachment ATTACHMENT = new Attachment("job-file.txt", "text/plain");

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
        assertTrue(urls.url(storedObject("x"), period, ATTACHMENT).contains("X-Amz-Expires=" + TTL.toSeconds()));
    }

    @Test
    void aKeyGetsTheSameUrlThroughoutAPeriodSignedAtItsStartAndTheNextPeriodAnotherOne() throws Exception {
        PresignedUrls urls = new PresignedUrls(objects, TTL, Clock.systemUTC());
        String key = storedObject("signed once per period");
        long period = urls.currentPeriod();
        String first = urls.url(key, period, ATTACHMENT);

        assertEquals(first, urls.url(key, period, ATTACHMENT));
        String periodStart = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(period * TTL.dividedBy(2).toMillis()));
        assertTrue(first.contains("X-Amz-Date=" + periodStart), first);
        assertEquals("signed once per period", fetch(first).body());
        assertNotEquals(first, urls.url(key, period + 1, ATTACHMENT));
    }

    @Test
    void aResultUrlIsServedByS3AsAnAttachmentNamedAfterTheJobAndTypedByTheFileName() throws Exception {
        PresignedUrls urls = new PresignedUrls(objects, TTL, Clock.systemUTC());
        UUID jobId = UUID.randomUUID();
        String key = storedObject("GIF89a or a page?");

        HttpResponse<String> response = fetch(urls.url(key, urls.currentPeriod(), JobFiles.result(jobId, "morph.gif")));

        assertEquals("attachment; filename=\"" + jobId + "-morph.gif\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("image/gif", response.headers().firstValue("Content-Type").orElseThrow());
    }

    private String storedObject(String content) {
        String key = "tests/presigned/" + UUID.randomUUID();
        objects.put(key, content.getBytes(StandardCharsets.UTF_8), "text/plain");
        return key;
    }

    private static HttpResponse<String> fetch(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response;
    }
}
