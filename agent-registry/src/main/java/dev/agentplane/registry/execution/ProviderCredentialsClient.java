package dev.agentplane.registry.execution;

import dev.agentplane.kit.client.ServiceAuthHeaders;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The execution service's workspace provider credentials, as far as validation needs them: does one exist. */
@RegisterRestClient(configKey = "execution-service")
@RegisterClientHeaders(ServiceAuthHeaders.class)
@Path("/internal/providers")
@Produces(MediaType.APPLICATION_JSON)
public interface ProviderCredentialsClient {

    /** A credential of the caller's workspace; 404 when it has none of that name. */
    record Known(String name, String provider) {
    }

    @GET
    @Path("/{name}")
    Known known(@PathParam("name") String name);
}
