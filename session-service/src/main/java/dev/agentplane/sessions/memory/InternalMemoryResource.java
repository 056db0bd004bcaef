package dev.agentplane.sessions.memory;

import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Internal: the execution service adds the facts it extracted about an external user and recalls them. */
@Path("/internal/memories")
@RolesAllowed(Scopes.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalMemoryResource {
    @Inject
    MemoryService service;

    @POST
    public Response add(@NotNull @Valid MemoryRecords.AddFacts req) {
        return Response.status(201).entity(service.add(req)).build();
    }

    @POST
    @Path("search")
    public MemoryRecords.Recalled search(@NotNull @Valid MemoryRecords.Search req) {
        return service.search(req);
    }
}
