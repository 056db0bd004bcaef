package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.registry.catalog.GraduationPolicy;
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

/**
 * Service-to-service reads of agent definitions (execution, session); the workspace comes from the service token.
 * A read carries {@code max_risk}, the highest tool risk the agent's maturity level may call unattended under the
 * graduation policy (execution-service enforces it at run time).
 */
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
    @Inject
    GraduationPolicy policy;

    /** An agent version and what its maturity level may call unattended. */
    public record InternalAgentView(@JsonUnwrapped AgentView agent, String maxRisk) {
    }

    @GET
    @Path("/{id}")
    public InternalAgentView current(@PathParam("id") String id) {
        return internal(reads.get(id));
    }

    @GET
    @Path("/{id}/versions/{version}")
    public InternalAgentView version(@PathParam("id") String id, @PathParam("version") String version) {
        return internal(reads.version(id, AgentResource.parseVersion(version)));
    }

    private InternalAgentView internal(AgentView agent) {
        return new InternalAgentView(agent, policy.maxRisk(agent.maturityLevel()));
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
