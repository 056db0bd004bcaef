package dev.agentplane.knowledge.base;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public knowledge-base API. Workspace scope only, reads and search included: execution keys belong to end
 * users' apps, which must not read a base's contents; agents reach it through the internal search.
 */
@Path("/v1/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KnowledgeBaseResource {
    @Inject
    CurrentCaller caller;
    @Inject
    KnowledgeBaseService service;

    @POST
    @RolesAllowed(Scopes.WORKSPACE)
    public Response create(@Valid @NotNull KnowledgeBaseRequests.Create request) {
        return Response.status(201).entity(service.create(caller.get(), request)).build();
    }

    @GET
    @RolesAllowed(Scopes.WORKSPACE)
    public Page<KnowledgeBaseView> list(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
                                        @QueryParam("sort") String sort, @QueryParam("order") String order) {
        return service.list(caller.workspaceId(),
                PageRequest.of(page, limit, sort, order, KnowledgeBaseService.SORTABLE));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public KnowledgeBaseView get(@PathParam("id") String id) {
        return service.get(caller.workspaceId(), id);
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public KnowledgeBaseView update(@PathParam("id") String id, @Valid @NotNull KnowledgeBaseRequests.Update request) {
        return service.update(caller.workspaceId(), id, request);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Scopes.WORKSPACE)
    public Response delete(@PathParam("id") String id) {
        service.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }
}
