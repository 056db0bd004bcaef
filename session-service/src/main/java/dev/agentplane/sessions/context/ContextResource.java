package dev.agentplane.sessions.context;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Internal: the context of a run (pinned agent, variables, last N runs) in one call; memories are recalled apart, by relevance. */
@Path("/internal/sessions/{id}/context")
@RolesAllowed(Scopes.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class ContextResource {
    @Inject
    ContextService contexts;

    @GET
    public SessionContext context(@PathParam("id") String id,
                                  @QueryParam("history_runs") @DefaultValue("0") String historyRuns,
                                  @QueryParam("external_user_id") String externalUserId) {
        return contexts.context(id, parseRuns(historyRuns), externalUserId);
    }

    private static int parseRuns(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("history_runs", "history_runs must be a whole number");
        }
    }
}
