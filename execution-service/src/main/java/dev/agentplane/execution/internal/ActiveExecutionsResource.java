package dev.agentplane.execution.internal;

import dev.agentplane.execution.execution.ExecutionRepository;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** For agent-registry's delete check: how many executions of an agent are not finished. */
@Path("/internal/executions/active")
@RolesAllowed(Scopes.SERVICE)
public class ActiveExecutionsResource {
    @Inject
    ExecutionRepository repository;
    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Active active(@QueryParam("agent_id") String agentId) {
        if (agentId == null || agentId.isBlank()) {
            throw ApiException.invalid("agent_id", "is required");
        }
        return new Active(agentId, (int) repository.countActive(caller.workspaceId(), agentId));
    }

    /** The answer. */
    public record Active(String agentId, int active) {
    }
}
