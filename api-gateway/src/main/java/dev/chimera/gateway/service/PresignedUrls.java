package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigned GET URLs of stored objects, signed once per key and signing period and reused throughout the period:
 * the MinIO SDK's signing is too costly to repeat on every poll. A period lasts half of
 * {@code chimera.presigned-url-ttl}, so every URL handed out stays valid for at least half the TTL. Callers put the
 * period into their ETag: within one period the URLs of a key do not change, so a 304 never hides a changed URL.
 */
@ApplicationScoped
public class PresignedUrls {

    private static final int MAX_ENTRIES = 50_000;

    private record Signed(long period, String url) {
    }

    private final ObjectStore objects;
    private final Duration ttl;
    private final long periodMillis;
    private final Clock clock;
    private final Map<String, Signed> byKey = new ConcurrentHashMap<>();

    @Inject
    public PresignedUrls(ObjectStore objects, GatewayConfig config) {
        this(objects, config.presignedUrlTtl(), Clock.systemUTC());
    }

    PresignedUrls(ObjectStore objects, Duration ttl, Clock clock) {
        if (ttl.toMillis() < 2_000) {
            throw new IllegalArgumentException("presigned URLs must live at least 2 s: " + ttl);
        }
        this.objects = objects;
        this.ttl = ttl;
        this.periodMillis = ttl.toMillis() / 2;
        this.clock = clock;
    }

    /** The signing period now; pass it to {@link #urls} and into the ETag of the representation they go into. */
    public long currentPeriod() {
        return clock.millis() / periodMillis;
    }

    /** One presigned URL per name, in name order, all from {@code period}'s signatures. */
    public Map<String, String> urls(Map<String, String> keysByName, long period) {
        Map<String, String> urls = new TreeMap<>();
        keysByName.forEach((name, key) -> urls.put(name, url(key, period)));
        return urls;
    }

    /** The presigned URL of one key from {@code period}'s signatures. */
    public String url(String key, long period) {
        Signed signed = byKey.get(key);
        if (signed != null && signed.period() == period) {
            return signed.url();
        }
        String url = objects.presignedGet(key, ttl).toString();
        if (byKey.size() >= MAX_ENTRIES) {
            byKey.values().removeIf(entry -> entry.period() < period);
            if (byKey.size() >= MAX_ENTRIES) {
                byKey.clear();
            }
        }
        // A request still in an older period (it read the clock just before the turn) must not replace a newer one.
        byKey.merge(key, new Signed(period, url), (old, fresh) -> old.period() > fresh.period() ? old : fresh);
        return url;
    }
}
