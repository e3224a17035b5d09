package dev.chimera.gateway.rest;

import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.gateway.service.TenantJobs;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A job's results and inputs as downloads through the gateway: always an attachment, typed by the file's name (never
 * by what was stored or what the bytes look like) and marked {@code nosniff}, so that no browser renders a file as
 * anything but what its name says.
 */
@Path("/api/v1/jobs/{id}")
@Tag(name = "jobs")
public class DownloadsResource {

    private static final Map<String, String> TYPES = Map.of("png", "image/png", "gif", "image/gif",
            "json", "application/json", "zip", "application/zip");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

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
        return download(job, name, job.resultKeys().get(name), name);
    }

    @GET
    @Path("inputs/{role}")
    @Operation(summary = "Download one input image, as stored (the canonical PNG), as an attachment")
    public Response input(@PathParam("id") String id, @PathParam("role") String role) {
        Job job = tenantJobs.find(tenant.id(), id);
        return download(job, role, job.inputKeys().get(role), role + ".png");
    }

    private Response download(Job job, String name, String key, String fileName) {
        if (key == null) {
            throw RequestRefusedException.notFound("job " + job.id() + " has no file " + name);
        }
        String safeName = SAFE_NAME.matcher(fileName).matches() ? fileName : "download";
        InputStream content = objects.get(key);
        StreamingOutput body = out -> {
            try (InputStream in = content) {
                in.transferTo(out);
            }
        };
        return Response.ok(body)
                .type(typeOf(safeName))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + job.id() + "-" + safeName + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .build();
    }

    private static String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
