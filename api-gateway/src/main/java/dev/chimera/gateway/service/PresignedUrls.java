package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.objects.Attachment;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Presigned GET URLs of a job's files, each answered by S3 as an attachment named and typed as {@link JobFiles} says
 * (S3 cannot add {@code nosniff}; the attachment disposition is what keeps a browser from rendering a file), all
 * signed at the start of the current signing period, so that within a period a key always gets the same URL. A period lasts half of {@code chimera.presigned-url-ttl} and a URL is valid
 * for the TTL from its period's start, so every URL handed out stays valid for at least half the TTL. Callers put the
 * period into their ETag: within one period the URLs of a key do not change, so a 304 never hides a changed URL.
 */
@ApplicationScoped
public class PresignedUrls {

    private final ObjectStore objects;
    private final Duration ttl;
    private final long periodMillis;
    private final Clock clock;

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

    /** A presigned attachment URL per result name, in name order, all from {@code period}'s signatures. */
    public Map<String, String> results(Job job, long period) {
        Map<String, String> urls = new TreeMap<>();
        job.resultKeys().forEach((name, key) -> urls.put(name, url(key, period, JobFiles.result(job.id(), name))));
        return urls;
    }

    /** A presigned attachment URL per input role (the stored canonical PNG), in role order. */
    public Map<String, String> inputs(Job job, long period) {
        Map<String, String> urls = new TreeMap<>();
        job.inputKeys().forEach((role, key) -> urls.put(role, url(key, period, JobFiles.input(job.id(), role))));
        return urls;
    }

    /** The presigned attachment URL of the training job's newest preview image, if it reported one. */
    public Optional<String> preview(Job job, long period) {
        return job.previewKey().map(key -> url(key, period, JobFiles.stored(job.id(), key)));
    }

    /**
     * The presigned URL of one key from {@code period}'s signatures, which S3 answers with the attachment's
     * {@code Content-Disposition} and {@code Content-Type}.
     */
    public String url(String key, long period, Attachment attachment) {
        return objects.presignedGet(key, Instant.ofEpochMilli(period * periodMillis), ttl, attachment).toString();
    }
}
