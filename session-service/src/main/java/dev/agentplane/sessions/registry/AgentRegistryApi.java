package dev.agentplane.sessions.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.client.ServiceAuthHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The agent registry's internal API, as this service uses it. */
@RegisterRestClient(configKey = "agent-registry")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@Path("/internal/agents")
@Produces(MediaType.APPLICATION_JSON)
public interface AgentRegistryApi {

    /** The agent's current definition; a 404 arrives as a WebApplicationException. */
    @GET
    @Path("/{id}")
    JsonNode agent(@PathParam("id") String id);

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    Validation validate(JsonNode config);

    /** The registry's verdict on a config; each error carries at least a pointer and a message. */
    record Validation(boolean valid, java.util.List<JsonNode> errors) {
    }
}
