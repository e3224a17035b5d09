package dev.chimera.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobStatus;
import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobStore;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Turns stored jobs into {@link JobView}s: the full resource with URLs and queue position, or a list summary. */
@ApplicationScoped
public class JobViews {

    private final JobStore jobs;
    private final ObjectStore objects;
    private final Duration urlTtl;

    public JobViews(JobStore jobs, ObjectStore objects, GatewayConfig config) {
        this.jobs = jobs;
        this.objects = objects;
        this.urlTtl = config.presignedUrlTtl();
    }

    /** The single-job resource, with presigned result and input URLs and the queue position while queued. */
    public JobView full(Job job) {
        return full(job, queuePosition(job));
    }

    /** The single-job resource with an already known queue position (null unless queued). */
    public JobView full(Job job, Long queuePosition) {
        return view(job, queuePosition, presigned(job.resultKeys()), presigned(job.inputKeys()));
    }

    /** How many jobs run before this one while it is queued; null otherwise. */
    public Long queuePosition(Job job) {
        return job.status() == JobStatus.QUEUED ? jobs.queuePosition(job) : null;
    }

    /** The job as a list entry: no URLs, no queue position. */
    public JobView summary(Job job) {
        return view(job, null, null, null);
    }

    /** A validator for conditional GETs: changes whenever the stored job or its queue position changes. */
    public static String etag(Job job, Long queuePosition) {
        return "W/\"" + job.id() + "-" + job.version() + (queuePosition == null ? "" : "-q" + queuePosition) + "\"";
    }

    private JobView view(Job job, Long queuePosition, Map<String, String> results, Map<String, String> inputs) {
        return new JobView(job.id(), job.kind(), job.method(), job.status(), job.attempt(), params(job),
                new JobView.ProgressView(job.progress(), job.stage().orElse(null), job.step().orElse(null),
                        job.totalSteps().orElse(null)),
                queuePosition, job.createdAt(), job.startedAt().orElse(null), job.finishedAt().orElse(null),
                timings(job), error(job), results, inputs);
    }

    private static JobView.TimingsView timings(Job job) {
        Long queueWait = job.startedAt().map(started -> millisBetween(job.createdAt(), started)).orElse(null);
        Long run = job.startedAt().flatMap(started -> job.finishedAt().map(end -> millisBetween(started, end)))
                .orElse(null);
        return new JobView.TimingsView(queueWait, run);
    }

    private static JobView.ErrorView error(Job job) {
        return job.errorCode().map(code -> new JobView.ErrorView(code, job.errorMessage().orElse(null))).orElse(null);
    }

    private Map<String, String> presigned(Map<String, String> keysByName) {
        Map<String, String> urls = new TreeMap<>();
        keysByName.forEach((name, key) -> urls.put(name, objects.presignedGet(key, urlTtl).toString()));
        return urls;
    }

    private static JsonNode params(Job job) {
        try {
            return ContractJson.mapper().readTree(job.paramsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters of job " + job.id() + " are not JSON", e);
        }
    }

    private static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }
}
