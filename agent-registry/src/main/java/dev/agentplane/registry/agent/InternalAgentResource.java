package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.registry.validation.AgentDocuments;
import dev.agentplane.registry.validation.ValidationReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Service-to-service reads of agent definitions (execution, session); the workspace comes from the service token. */
@Path("/internal/agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.SERVICE)
public class InternalAgentResource {
    @Inject
    AgentReads reads;
    @Inject
    AgentService service;
    @Inject
    AgentDocuments documents;

    @GET
    @Path("/{id}")
    public AgentView current(@PathParam("id") String id) {
        return reads.get(id);
    }

    @GET
    @Path("/{id}/versions/{version}")
    public AgentView version(@PathParam("id") String id, @PathParam("version") String version) {
        return reads.version(id, AgentResource.parseVersion(version));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidationReport validate(JsonNode body) {
        return service.validate(documents.requireObject(body));
    }

    @POST
    @Path("/validate")
    @Consumes({AgentResource.YAML, AgentResource.X_YAML, AgentResource.TEXT_YAML})
    public ValidationReport validateYaml(String body) {
        return service.validate(documents.fromYaml(body));
    }
}
