package dev.agentplane.execution.agent;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** agent-registry's internal API (see docs/architecture.md). */
@RegisterRestClient(configKey = "agent-registry")
@Path("/internal/agents")
@Produces(MediaType.APPLICATION_JSON)
public interface AgentRegistryApi {
    @GET
    @Path("/{id}")
    Response current(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                     @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/{id}/versions/{n}")
    Response version(@PathParam("id") String id, @PathParam("n") int version,
                     @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);
}
