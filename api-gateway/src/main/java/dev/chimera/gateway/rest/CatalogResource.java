package dev.chimera.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.params.ParamsValidation;
import dev.chimera.contract.params.ValidationResult;
import dev.chimera.gateway.service.MethodAvailability;
import dev.chimera.gateway.service.MethodCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What can be submitted and whether given parameters are valid, with the same rules the job submission applies. */
@Path("/api/v1")
@Tag(name = "catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final MethodCatalog catalog;
    private final MethodAvailability availability;

    public CatalogResource(MethodCatalog catalog, MethodAvailability availability) {
        this.catalog = catalog;
        this.availability = availability;
    }

    /** The body of a parameter check. */
    public record ParamsCheck(String kind, String method, JsonNode params) {
    }

    /** The outcome of a parameter check; {@code params} are the parameters with defaults, when valid. */
    public record ParamsVerdict(boolean valid, List<ProblemDetails.FieldProblem> problems, Object params) {
    }

    @GET
    @Path("methods")
    @Operation(summary = "Job kinds, their methods, input roles, parameter defaults and bounds, whether each method "
            + "is available now, and upload limits")
    public MethodCatalog.Catalog methods() {
        return availability.mark(catalog.catalog());
    }

    @POST
    @Path("params/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate kind, method and params without submitting (input images are not checked)")
    public ParamsVerdict validate(ParamsCheck check) {
        ParamsCheck body = check == null ? new ParamsCheck(null, null, null) : check;
        ValidationResult result = ParamsValidation.validateWireNames(body.kind(), body.method(), body.params());
        List<ProblemDetails.FieldProblem> problems = result.problems().stream()
                .map(p -> new ProblemDetails.FieldProblem(p.code().wireName(), p.field(), p.message()))
                .toList();
        return new ParamsVerdict(result.isValid(), problems, result.isValid() ? result.params() : null);
    }
}
