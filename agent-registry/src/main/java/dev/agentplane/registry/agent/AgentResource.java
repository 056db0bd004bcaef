package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.registry.validation.AgentDocuments;
import dev.agentplane.registry.validation.ValidationReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.List;

/** The public agent API: definitions in JSON or YAML, lists, versions, validation, soft delete. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {
    static final String YAML = "application/yaml";
    static final String X_YAML = "application/x-yaml";
    static final String TEXT_YAML = "text/yaml";

    @Inject
    AgentService service;
    @Inject
    AgentReads reads;
    @Inject
    AgentDeletion deletion;
    @Inject
    AgentDocuments documents;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WORKSPACE)
    public Response create(JsonNode body) {
        return created(service.create(documents.requireObject(body)));
    }

    @POST
    @Consumes({YAML, X_YAML, TEXT_YAML})
    @RolesAllowed(Scopes.WORKSPACE)
    public Response createFromYaml(String body) {
        return created(service.create(documents.fromYaml(body)));
    }

    @GET
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public Page<AgentView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                @QueryParam("sort") String sort, @QueryParam("order") String order,
                                @QueryParam("role") @Pattern(regexp = AgentInput.ROLES) String role,
                                @QueryParam("maturity_level") @Pattern(regexp = AgentInput.LEVELS) String maturityLevel,
                                @QueryParam("status") @Pattern(regexp = AgentInput.STATUSES) String status,
                                @QueryParam("tag") @Size(max = 64) String tag,
                                @QueryParam("q") @Size(max = 200) String q) {
        PageRequest request = PageRequest.of(page, limit, sort, order, List.of("created_at", "name"));
        return reads.list(new AgentFilter(role, maturityLevel, status, tag, q), request);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AgentView get(@PathParam("id") String id) {
        return reads.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Scopes.WORKSPACE)
    public AgentView patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, documents.requireObject(body));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public AgentDeletion.Deleted delete(@PathParam("id") String id) {
        return deletion.delete(id);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AgentReads.BatchResult batch(@Valid @NotNull BatchRequest request) {
        return reads.batch(request.agentIds());
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public ValidationReport validate(JsonNode body) {
        return service.validate(documents.requireObject(body));
    }

    @POST
    @Path("/validate")
    @Consumes({YAML, X_YAML, TEXT_YAML})
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public ValidationReport validateYaml(String body) {
        return service.validate(documents.fromYaml(body));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public Page<AgentReads.VersionSummary> versions(@PathParam("id") String id, @QueryParam("page") Integer page,
                                                    @QueryParam("limit") Integer limit,
                                                    @QueryParam("order") String order) {
        return reads.versions(id, PageRequest.of(page, limit, null, order, List.of("version")));
    }

    @GET
    @Path("/{id}/versions/{version}")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public AgentView version(@PathParam("id") String id, @PathParam("version") String version) {
        return reads.version(id, parseVersion(version));
    }

    static int parseVersion(String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("version", "must be a positive whole number");
    }

    private Response created(AgentView view) {
        return Response.created(uri.getBaseUriBuilder().path("v1/agents/{id}").build(view.id()))
                .entity(view).build();
    }
}
