package dev.agentplane.registry.execution;

import dev.agentplane.kit.client.ServiceAuthHeaders;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The execution service's internal API, as far as the registry uses it. */
@RegisterRestClient(configKey = "execution-service")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@Path("/internal/executions")
@Produces(MediaType.APPLICATION_JSON)
public interface ExecutionServiceClient {

    /** How many executions of an agent are running or suspended right now. */
    record ActiveExecutions(String agentId, int active) {
    }

    @GET
    @Path("/active")
    ActiveExecutions active(@QueryParam("agent_id") String agentId);
}
