package dev.agentplane.execution.provider;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** For agent-registry's validation: whether the caller's workspace has a credential of this name (404 if not). */
@Path("/internal/providers/{name}")
@RolesAllowed(Scopes.SERVICE)
public class InternalProvidersResource {
    @Inject
    ProviderService service;
    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ProviderViews.Known known(@PathParam("name") String name) {
        return service.known(caller.get(), name);
    }
}
