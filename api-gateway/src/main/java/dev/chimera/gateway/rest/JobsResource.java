package dev.chimera.gateway.rest;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.service.JobCancellation;
import dev.chimera.gateway.service.JobSubmissions;
import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.gateway.service.SubmissionForm;
import dev.chimera.gateway.service.TenantJobs;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobFilter;
import dev.chimera.storage.jobs.JobPage;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.PageCursor;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submitting, reading, listing and canceling the calling tenant's jobs. */
@Path("/api/v1/jobs")
@Tag(name = "jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;

    private final CallingTenant tenant;
    private final JobSubmissions submissions;
    private final JobCancellation cancellation;
    private final JobQueries jobs;
    private final JobViews views;
    private final TenantJobs tenantJobs;

    public JobsResource(CallingTenant tenant, JobSubmissions submissions, JobCancellation cancellation, JobQueries jobs,
                        JobViews views, TenantJobs tenantJobs) {
        this.tenant = tenant;
        this.submissions = submissions;
        this.cancellation = cancellation;
        this.jobs = jobs;
        this.views = views;
        this.tenantJobs = tenantJobs;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit a job: multipart with kind, optional method, params (JSON) and one part per image role")
    public Response submit(@Context RoutingContext context, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @QueryParam("priority") String priority) {
        SubmissionForm form = context.get(UploadGate.FORM);
        if (form == null) {
            throw new IllegalStateException("a submission reached the resource without passing the upload gate");
        }
        JobSubmissions.Accepted accepted = submissions.submit(tenant.id(), form, Optional.ofNullable(idempotencyKey),
                JobSubmissions.priority(priority));
        JobViews.Snapshot snapshot = views.snapshot(accepted.job());
        return Response.status(accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/v1/jobs/" + accepted.job().id()))
                .header(HttpHeaders.ETAG, snapshot.etag())
                .entity(views.full(snapshot))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A job's status, progress, timings, error and result links; ETag and If-None-Match supported")
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        JobViews.Snapshot snapshot = views.snapshot(tenantJobs.find(tenant.id(), id));
        Job job = snapshot.job();
        String etag = snapshot.etag();
        // A poll that changes nothing costs no URL signing: the validator needs only the snapshot.
        Response.ResponseBuilder response = ifNoneMatch != null && matches(ifNoneMatch, etag)
                ? Response.notModified()
                : Response.ok(views.full(snapshot));
        response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        if (!job.status().isTerminal()) {
            response.header(HttpHeaders.RETRY_AFTER, job.status() == JobStatus.QUEUED ? "2" : "1");
        }
        return response.build();
    }

    @GET
    @Operation(summary = "The tenant's jobs, newest first, filtered by status and kind, paginated by an opaque cursor")
    public JobList list(@QueryParam("status") String status, @QueryParam("kind") String kind,
                        @QueryParam("cursor") String cursor,
                        @QueryParam("limit") @DefaultValue("" + DEFAULT_PAGE_SIZE) String limit) {
        List<Problem> problems = new ArrayList<>();
        JobFilter filter = JobFilter.all();
        if (status != null) {
            Optional<JobStatus> parsed = JobStatus.fromWireName(status);
            if (parsed.isEmpty()) {
                problems.add(new Problem(ProblemCode.INVALID_VALUE, "status", "is not a job status: " + status));
            } else {
                filter = filter.withStatus(parsed.get());
            }
        }
        if (kind != null) {
            Optional<JobKind> parsed = JobKind.fromWireName(kind);
            if (parsed.isEmpty()) {
                problems.add(new Problem(ProblemCode.UNKNOWN_KIND, "kind", "is not a job kind: " + kind));
            } else {
                filter = filter.withKind(parsed.get());
            }
        }
        Optional<PageCursor> after = parseCursor(cursor, problems);
        int pageSize = parseLimit(limit, problems);
        if (!problems.isEmpty()) {
            throw new RequestRefusedException(400, problems.get(0).code().wireName(), "invalid listing query",
                    problems);
        }
        JobPage page = jobs.list(tenant.id(), filter, after, pageSize);
        String nextCursor = page.next().map(PageCursor::encode).orElse(null);
        String next = nextCursor == null ? null : nextLink(status, kind, pageSize, nextCursor);
        return new JobList(views.summaries(page.jobs()), nextCursor, next);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a job: queued ends at once, running stops at the worker's next step")
    public JobView cancel(@PathParam("id") String id) {
        UUID jobId = tenantJobs.find(tenant.id(), id).id();
        return views.full(cancellation.cancel(tenant.id(), jobId));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals(opaque)
                    || (trimmed.startsWith("W/") && trimmed.substring(2).equals(opaque))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<PageCursor> parseCursor(String cursor, List<Problem> problems) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        try {
            PageCursor decoded = PageCursor.decode(cursor);
            // A forged time outside what any page could hold (PostgreSQL's range ends in the year 294276).
            if (decoded.createdAt().isBefore(Instant.EPOCH)
                    || decoded.createdAt().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                throw new IllegalArgumentException("cursor time out of range: " + decoded.createdAt());
            }
            return Optional.of(decoded);
        } catch (IllegalArgumentException | DateTimeException e) {
            problems.add(new Problem(ProblemCode.INVALID_VALUE, "cursor", "is not a cursor from a previous page"));
            return Optional.empty();
        }
    }

    private static int parseLimit(String limit, List<Problem> problems) {
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= MAX_PAGE_SIZE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem(ProblemCode.WRONG_TYPE, "limit", "must be an integer"));
            return DEFAULT_PAGE_SIZE;
        }
        problems.add(new Problem(ProblemCode.OUT_OF_RANGE, "limit", "must be within 1.." + MAX_PAGE_SIZE));
        return DEFAULT_PAGE_SIZE;
    }

    private static String nextLink(String status, String kind, int limit, String cursor) {
        UriBuilder next = UriBuilder.fromPath("/api/v1/jobs");
        if (status != null) {
            next.queryParam("status", status);
        }
        if (kind != null) {
            next.queryParam("kind", kind);
        }
        return next.queryParam("limit", limit).queryParam("cursor", cursor).build().toString();
    }
}
