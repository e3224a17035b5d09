package dev.chimera.gateway.rest;

import dev.chimera.gateway.service.QueuePositions;
import dev.chimera.gateway.service.TenantJobs;
import dev.chimera.storage.jobs.JobQueries;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A job's timeline: as one JSON array, or live as Server-Sent Events until the job ends. */
@Path("/api/v1/jobs/{id}/events")
@Tag(name = "jobs")
public class JobEventsResource {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final TenantJobs tenantJobs;
    private final CallingTenant tenant;
    private final JobQueries jobs;
    private final QueuePositions positions;
    private final JobViews views;

    public JobEventsResource(TenantJobs tenantJobs, CallingTenant tenant, JobQueries jobs, QueuePositions positions,
                             JobViews views) {
        this.tenantJobs = tenantJobs;
        this.tenant = tenant;
        this.jobs = jobs;
        this.positions = positions;
        this.views = views;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's timeline, oldest first")
    public List<TimelineEntry> timeline(@PathParam("id") String id) {
        UUID jobId = tenantJobs.find(tenant.id(), id).id();
        return jobs.timeline(jobId).stream().map(TimelineEntry::of).toList();
    }

    @GET
    @Blocking
    // The lower quality makes a client that accepts anything (*/*) get the JSON timeline, not a stream.
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @Operation(summary = "Live timeline entries (event 'timeline') and job snapshots (event 'job') until the job ends")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse,
                                          @HeaderParam("Last-Event-ID") String lastEventId) {
        UUID jobId = tenantJobs.find(tenant.id(), id).id();
        JobWatch watch = new JobWatch(jobs, positions, views, sse, tenant.id(), jobId, parseEventId(lastEventId));
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL_INTERVAL)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom().item(watch::poll)
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                // Emit the batch that saw the end, then complete.
                .select().first(batch -> !ended.getAndSet(batch.ended()))
                .onItem().transformToIterable(JobWatch.Batch::events);
    }

    private static long parseEventId(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
