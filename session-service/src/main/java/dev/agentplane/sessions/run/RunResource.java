package dev.agentplane.sessions.run;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.sessions.context.ContextRevisions;
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
import jakarta.ws.rs.core.Response;

/** Internal: the execution service appends a finished run's messages (201 first time, 200 on a retry). */
@Path("/internal/sessions/{id}/runs")
@RolesAllowed(Scopes.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunResource {
    @Inject
    RunService runs;
    @Inject
    ContextRevisions revisions;
    @Inject
    CurrentCaller caller;

    @POST
    public Response append(@PathParam("id") String sessionId, @NotNull @Valid AppendRun run) {
        // bumped after the commit, also on a retry (it changes nothing, but the answer must carry a revision)
        AppendRun.Appended result = runs.append(sessionId, run)
                .withRevision(revisions.bump(caller.workspaceId(), sessionId));
        return Response.status(result.appended() ? 201 : 200).entity(result).build();
    }
}
