package dev.chimera.gateway.rest;

import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.service.JobSubmissions;
import dev.chimera.gateway.service.RequestRefusedException;
import dev.chimera.storage.jobs.IssuedApiKey;
import dev.chimera.storage.jobs.JobStoreException;
import dev.chimera.storage.jobs.Tenant;
import dev.chimera.storage.jobs.TenantLimits;
import dev.chimera.storage.jobs.TenantStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants, their API keys and admission limits, for the holder of the bootstrap admin key (checked by {@link ApiKeyFilter}). */
@Path("/api/v1/admin/tenants")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final TenantStore tenants;

    public AdminResource(TenantStore tenants) {
        this.tenants = tenants;
    }

    /** A tenant to create. */
    public record NewTenant(String id, String name) {
    }

    /**
     * A tenant's admission limits: at most {@code maxConcurrentPerKind} jobs of each kind admitted or running at once
     * (null: the scheduler's default), and the highest priority its jobs run with.
     */
    public record Limits(Integer maxConcurrentPerKind, Integer priorityCeiling) {
    }

    /** A freshly issued key; {@code key} is shown only in this response. */
    public record IssuedKey(UUID id, String tenantId, String key) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant (idempotent by id)")
    public Response createTenant(NewTenant body) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || body.id() == null || !TENANT_ID.matcher(body.id()).matches()) {
            problems.add(new Problem(ProblemCode.INVALID_VALUE, "id",
                    "must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit"));
        }
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 200) {
            problems.add(new Problem(ProblemCode.REQUIRED, "name", "must be 1 to 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw new RequestRefusedException(422, problems.get(0).code().wireName(), "invalid tenant", problems);
        }
        Tenant tenant = tenants.create(body.id(), body.name().strip());
        return Response.created(URI.create("/api/v1/admin/tenants/" + tenant.id())).entity(tenant).build();
    }

    @POST
    @Path("{id}/keys")
    @Operation(summary = "Issue an API key for a tenant; the key is returned once and stored only as a hash")
    public Response issueKey(@PathParam("id") String tenantId) {
        try {
            IssuedApiKey issued = tenants.issueApiKey(tenantId);
            return Response.status(Response.Status.CREATED)
                    .entity(new IssuedKey(issued.id(), issued.tenantId(), issued.secret())).build();
        } catch (JobStoreException e) {
            if (isUnknownTenant(e)) {
                throw RequestRefusedException.notFound("no tenant " + tenantId);
            }
            throw e;
        }
    }

    @PUT
    @Path("{id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a tenant's concurrency quota per kind and its priority ceiling; the scheduler applies "
            + "them from its next admission pass")
    public Limits setLimits(@PathParam("id") String tenantId, Limits body) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || (body.maxConcurrentPerKind() != null && body.maxConcurrentPerKind() < 0)) {
            problems.add(new Problem(ProblemCode.OUT_OF_RANGE, "maxConcurrentPerKind", "must be null or >= 0"));
        }
        if (body == null || body.priorityCeiling() == null
                || body.priorityCeiling() < JobSubmissions.MIN_PRIORITY
                || body.priorityCeiling() > JobSubmissions.MAX_PRIORITY) {
            problems.add(new Problem(ProblemCode.OUT_OF_RANGE, "priorityCeiling", "must be an integer within "
                    + JobSubmissions.MIN_PRIORITY + ".." + JobSubmissions.MAX_PRIORITY));
        }
        if (!problems.isEmpty()) {
            throw new RequestRefusedException(422, problems.get(0).code().wireName(), "invalid limits", problems);
        }
        TenantLimits set = tenants.setLimits(new TenantLimits(tenantId,
                        Optional.ofNullable(body.maxConcurrentPerKind()), body.priorityCeiling()))
                .orElseThrow(() -> RequestRefusedException.notFound("no tenant " + tenantId));
        return limits(set);
    }

    @GET
    @Path("{id}/limits")
    @Operation(summary = "A tenant's concurrency quota per kind (null: the scheduler's default) and priority ceiling")
    public Limits limits(@PathParam("id") String tenantId) {
        return tenants.limits(tenantId).map(AdminResource::limits)
                .orElseThrow(() -> RequestRefusedException.notFound("no tenant " + tenantId));
    }

    private static Limits limits(TenantLimits limits) {
        return new Limits(limits.maxConcurrentPerKind().orElse(null), limits.priorityCeiling());
    }

    private static boolean isUnknownTenant(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
