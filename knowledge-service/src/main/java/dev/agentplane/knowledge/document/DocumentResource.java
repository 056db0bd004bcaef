package dev.agentplane.knowledge.document;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** A knowledge base's documents: 202 for a new one (ingested asynchronously), 200 for content it already has. */
@Path("/v1/knowledge-bases/{kb}/documents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DocumentResource {
    @Inject
    CurrentCaller caller;
    @Inject
    DocumentService service;
    @Inject
    DocumentStore store;

    @POST
    @RolesAllowed(Scopes.WORKSPACE)
    public Response add(@PathParam("kb") String kb, @Valid @NotNull DocumentRequests.Add request) {
        DocumentStore.Added added = service.add(caller.get(), kb, request);
        return Response.status(added.created() ? 202 : 200).entity(added.document()).build();
    }

    @GET
    @RolesAllowed(Scopes.WORKSPACE)
    public Page<DocumentView> list(@PathParam("kb") String kb, @QueryParam("page") Integer page,
                                   @QueryParam("limit") Integer limit, @QueryParam("sort") String sort,
                                   @QueryParam("order") String order,
                                   @QueryParam("status") @Pattern(regexp = "pending|processing|ready|failed",
                                           message = "must be pending, processing, ready or failed") String status) {
        PageRequest request = PageRequest.of(page, limit, sort, order, List.of("created_at", "updated_at"));
        return store.list(caller.workspaceId(), kb, request, status);
    }

    @GET
    @Path("{doc}")
    @RolesAllowed(Scopes.WORKSPACE)
    public DocumentView get(@PathParam("kb") String kb, @PathParam("doc") String doc) {
        return store.get(caller.workspaceId(), kb, doc);
    }

    @DELETE
    @Path("{doc}")
    @RolesAllowed(Scopes.WORKSPACE)
    public Response delete(@PathParam("kb") String kb, @PathParam("doc") String doc) {
        store.delete(caller.workspaceId(), kb, doc);
        return Response.noContent().build();
    }
}
