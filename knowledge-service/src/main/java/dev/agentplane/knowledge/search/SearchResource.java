package dev.agentplane.knowledge.search;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code POST /v1/knowledge-bases/{id}/query} (the name; {@code /search} too): the chunks best matching a query. */
@Path("/v1/knowledge-bases/{kb}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SearchResource {
    @Inject
    CurrentCaller caller;
    @Inject
    SearchService search;

    @POST
    @Path("{verb: query|search}")
    @RolesAllowed(Scopes.WORKSPACE)
    public SearchResults.Results query(@PathParam("kb") String kb, @Valid @NotNull SearchRequests.Search request) {
        return search.search(caller.workspaceId(), List.of(kb), new SearchService.Ask(request.query(), request.topK(),
                request.minScore(), request.mode(), request.filter()));
    }
}
