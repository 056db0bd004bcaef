package dev.agentplane.sessions.memory;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An external user's memories: list and delete. */
@Path("/v1/users/{external_user_id}/memories")
@RolesAllowed({Scopes.WORKSPACE, Scopes.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
public class MemoryResource {
    @Inject
    MemoryService service;

    @GET
    public Page<MemoryRecords.MemoryView> list(@PathParam("external_user_id") String user,
                                               @QueryParam("agent_id") String agentId,
                                               @QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                               @QueryParam("order") String order) {
        return service.list(user, agentId, PageRequest.of(page, limit, null, order, MemoryService.SORTABLE));
    }

    @DELETE
    public MemoryRecords.Deleted deleteAll(@PathParam("external_user_id") String user,
                                           @QueryParam("agent_id") String agentId) {
        return service.deleteAll(user, agentId);
    }

    @DELETE
    @Path("/{memory_id}")
    public Response deleteOne(@PathParam("external_user_id") String user, @PathParam("memory_id") String memoryId) {
        service.deleteOne(user, memoryId);
        return Response.noContent().build();
    }
}
