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

/** {@code POST /v1/knowledge-bases/{id}/search}: the chunks most similar to a query. */
@Path("/v1/knowledge-bases/{kb}/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SearchResource {
    @Inject
    CurrentCaller caller;
    @Inject
    SearchService search;

    @POST
    @RolesAllowed(Scopes.WORKSPACE)
    public SearchResults.Results search(@PathParam("kb") String kb, @Valid @NotNull SearchRequests.Search request) {
        return search.search(caller.workspaceId(), List.of(kb), request.query(), request.topK(), request.minScore(),
                request.mode());
    }
}
