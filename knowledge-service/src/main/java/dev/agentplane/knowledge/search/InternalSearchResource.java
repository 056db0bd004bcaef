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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * What other services use (scope {@code service}, workspace from the service token): the search behind the
 * {@code knowledge_base_search} tool, over the bases an agent names, and a lookup of which ids exist.
 */
@Path("/internal/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.SERVICE)
public class InternalSearchResource {
    @Inject
    CurrentCaller caller;
    @Inject
    SearchService search;

    @POST
    @Path("search")
    public SearchResults.Results search(@Valid @NotNull SearchRequests.MultiSearch request) {
        List<String> ids = request.knowledgeBaseIds().stream().distinct().toList();
        return search.search(caller.workspaceId(), ids, new SearchService.Ask(request.query(), request.topK(),
                request.minScore(), request.mode(), request.filter()));
    }

    @POST
    @Path("lookup")
    public SearchResults.Lookup lookup(@Valid @NotNull SearchRequests.Lookup request) {
        return search.lookup(caller.workspaceId(), request.ids());
    }
}
