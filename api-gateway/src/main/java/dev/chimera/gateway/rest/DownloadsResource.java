package dev.chimera.gateway.rest;

import dev.chimera.gateway.service.JobFiles;
import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.gateway.service.TenantJobs;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.objects.Attachment;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A job's results and inputs as downloads through the gateway: always an attachment, named and typed as
 * {@link JobFiles} says and marked {@code nosniff}, so that no browser renders a file as anything but what its name
 * says.
 */
@Path("/api/v1/jobs/{id}")
@Tag(name = "jobs")
public class DownloadsResource {

    private final CallingTenant tenant;
    private final TenantJobs tenantJobs;
    private final ObjectStore objects;

    public DownloadsResource(CallingTenant tenant, TenantJobs tenantJobs, ObjectStore objects) {
        this.tenant = tenant;
        this.tenantJobs = tenantJobs;
        this.objects = objects;
    }

    @GET
    @Path("results/{name}")
    @Operation(summary = "Download one result file as an attachment")
    public Response result(@PathParam("id") String id, @PathParam("name") String name) {
        Job job = tenantJobs.find(tenant.id(), id);
        return download(job, name, job.resultKeys().get(name), JobFiles.result(job.id(), name));
    }

    @GET
    @Path("inputs/{role}")
    @Operation(summary = "Download one input image, as stored (the canonical PNG), as an attachment")
    public Response input(@PathParam("id") String id, @PathParam("role") String role) {
        Job job = tenantJobs.find(tenant.id(), id);
        return download(job, role, job.inputKeys().get(role), JobFiles.input(job.id(), role));
    }

    private Response download(Job job, String name, String key, Attachment attachment) {
        if (key == null) {
            throw RequestRefusedException.notFound("job " + job.id() + " has no file " + name);
        }
        InputStream content = objects.get(key);
        StreamingOutput body = out -> {
            try (InputStream in = content) {
                in.transferTo(out);
            }
        };
        return Response.ok(body)
                .type(attachment.contentType())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", attachment.contentDisposition())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .build();
    }
}
