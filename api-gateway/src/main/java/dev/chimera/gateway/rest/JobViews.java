package dev.chimera.gateway.rest;

import dev.chimera.contract.JobStatus;
import dev.chimera.gateway.service.PresignedUrls;
import dev.chimera.gateway.service.QueuePositions;
import dev.chimera.storage.jobs.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns stored jobs into {@link JobView}s: the full resource with presigned URLs and queue position, or a list
 * summary with the queue position but no URLs.
 */
@ApplicationScoped
public class JobViews {

    private final QueuePositions positions;
    private final PresignedUrls urls;

    public JobViews(QueuePositions positions, PresignedUrls urls) {
        this.positions = positions;
        this.urls = urls;
    }

    /**
     * Everything the full representation of a job depends on, read once per request: the stored job, its queue
     * position (null unless queued) and the signing period of its URLs.
     */
    public record Snapshot(Job job, Long queuePosition, long urlPeriod) {

        /**
         * A validator for conditional GETs that changes whenever the representation can: the stored job's version
         * (status, progress, results...), the queue position, and the URL signing period.
         */
        public String etag() {
            return "W/\"" + job.id() + "-" + job.version() + (queuePosition == null ? "" : "-q" + queuePosition)
                    + "-u" + urlPeriod + "\"";
        }
    }

    /** The job as this request sees it, without building the representation yet. */
    public Snapshot snapshot(Job job) {
        return new Snapshot(job, positions.of(job), urls.currentPeriod());
    }

    /** The single-job resource, with presigned result and input URLs and the queue position while queued. */
    public JobView full(Job job) {
        return full(snapshot(job));
    }

    /** The single-job resource of a snapshot. */
    public JobView full(Snapshot snapshot) {
        Job job = snapshot.job();
        long period = snapshot.urlPeriod();
        return view(job, snapshot.queuePosition(), period, urls.results(job, period), urls.inputs(job, period),
                job.originalSha256().isEmpty() ? null : job.originalSha256());
    }

    /**
     * The job as a list entry or SSE snapshot, with an already known queue position (null unless queued): no result
     * or input URLs, but the preview URL of a training job, so that a list can show it live.
     */
    public JobView summary(Job job, Long queuePosition) {
        return view(job, queuePosition, urls.currentPeriod(), null, null, null);
    }

    /** A page of list entries, with the queue positions of all its queued jobs. */
    public List<JobView> summaries(List<Job> page) {
        Map<UUID, Long> queued = positions.of(page);
        long period = urls.currentPeriod();
        return page.stream().map(job -> view(job, queued.get(job.id()), period, null, null, null)).toList();
    }

    private JobView view(Job job, Long queuePosition, long urlPeriod, Map<String, String> results,
                         Map<String, String> inputs, Map<String, String> originalSha256) {
        return new JobView(job.id(), job.kind(), job.method(), job.status(), job.attempt(), job.paramsJson(),
                progress(job, urlPeriod), queuePosition, queueReason(job), job.createdAt(),
                job.startedAt().orElse(null), job.finishedAt().orElse(null), timings(job), error(job),
                job.device().orElse(null), results, inputs, originalSha256);
    }

    private JobView.ProgressView progress(Job job, long urlPeriod) {
        return new JobView.ProgressView(job.progress(), job.stage().orElse(null), job.step().orElse(null),
                job.totalSteps().orElse(null), job.stepsPerSecond().orElse(null), job.etaSeconds().orElse(null),
                job.losses().isEmpty() ? null : job.losses(),
                urls.preview(job, urlPeriod).orElse(null));
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

    private static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    // Only a job still waiting for admission has a reason; an admitted one waits for a worker to take its order.
    private static String queueReason(Job job) {
        boolean waiting = job.status() == JobStatus.QUEUED && job.dispatchedAt().isEmpty();
        return waiting ? job.queueReason().orElse(null) : null;
    }
}
