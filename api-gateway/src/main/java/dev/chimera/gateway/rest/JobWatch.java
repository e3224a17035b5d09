package dev.chimera.gateway.rest;

import dev.chimera.gateway.service.QueuePositions;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobEvent;
import dev.chimera.storage.jobs.JobQueries;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one SSE subscriber has seen of a job: each poll returns the timeline entries after the last one sent, and a
 * {@code job} snapshot whenever the stored job or its queue position changed. Polls run one at a time.
 */
final class JobWatch {

    /** The events of one poll, and whether the job has ended. */
    record Batch(List<OutboundSseEvent> events, boolean ended) {
    }

    private final JobQueries jobs;
    private final QueuePositions positions;
    private final JobViews views;
    private final Sse sse;
    private final String tenantId;
    private final UUID jobId;
    private long lastEventId;
    private long lastVersion = -1;
    private Long lastQueuePosition;

    JobWatch(JobQueries jobs, QueuePositions positions, JobViews views, Sse sse, String tenantId, UUID jobId, long lastEventId) {
        this.jobs = jobs;
        this.positions = positions;
        this.views = views;
        this.sse = sse;
        this.tenantId = tenantId;
        this.jobId = jobId;
        this.lastEventId = lastEventId;
    }

    Batch poll() {
        // Read the job before the timeline: a terminal status seen here has its entry in the timeline read next.
        Job job = jobs.get(tenantId, jobId).orElse(null);
        if (job == null) {
            return new Batch(List.of(), true);
        }
        List<OutboundSseEvent> events = new ArrayList<>();
        for (JobEvent event : jobs.timeline(jobId)) {
            if (event.id() > lastEventId) {
                lastEventId = event.id();
                events.add(sse.newEventBuilder().name("timeline").id(Long.toString(event.id()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(TimelineEntry.of(event)).build());
            }
        }
        // The queue moves without the job's row changing: a new position is news too.
        Long queuePosition = positions.of(job);
        if (job.version() != lastVersion || !Objects.equals(queuePosition, lastQueuePosition)) {
            lastVersion = job.version();
            lastQueuePosition = queuePosition;
            events.add(sse.newEventBuilder().name("job").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(views.summary(job, queuePosition)).build());
        }
        return new Batch(events, job.status().isTerminal());
    }
}
