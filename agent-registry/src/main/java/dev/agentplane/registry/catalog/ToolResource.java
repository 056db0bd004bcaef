package dev.agentplane.registry.catalog;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The built-in tool catalog, with the highest risk level each maturity level may call unattended. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE, Scopes.SERVICE})
public class ToolResource {
    @Inject
    ToolCatalog catalog;
    @Inject
    GraduationPolicy policy;

    /** The catalog answer. */
    public record ToolList(List<Tool> items, Map<String, String> maxRiskByMaturity) {
    }

    @GET
    public ToolList list() {
        return new ToolList(catalog.all(), policy.maxRiskByLevel());
    }

    @GET
    @Path("/{id}")
    public Tool get(@PathParam("id") String id) {
        return catalog.find(id).orElseThrow(() -> ApiException.notFound("TOOL_NOT_FOUND", "No tool '" + id + "' exists."));
    }
}
