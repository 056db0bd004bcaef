package dev.agentplane.registry.training;

import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Training statistics and graduation of one agent. */
@Path("/v1/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {
    @Inject
    TrainingService service;

    @GET
    @Path("/training")
    @RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
    public TrainingView training(@PathParam("id") String id) {
        return service.view(id);
    }

    @POST
    @Path("/promote")
    @RolesAllowed(Scopes.WORKSPACE)
    public TrainingService.Promotion promote(@PathParam("id") String id) {
        return service.promote(id);
    }
}
