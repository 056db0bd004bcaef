package dev.agentplane.execution.agent;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** agent-registry's internal API (see docs/architecture.md), on behalf of the caller's workspace. */
@RegisterRestClient(configKey = "agent-registry")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Path("/internal/agents")
@Produces(MediaType.APPLICATION_JSON)
public interface AgentRegistryApi {
    @GET
    @Path("/{id}")
    AgentDefinition current(@NotBody Caller caller, @PathParam("id") String id);

    @GET
    @Path("/{id}/versions/{n}")
    AgentDefinition version(@NotBody Caller caller, @PathParam("id") String id, @PathParam("n") int version);
}
