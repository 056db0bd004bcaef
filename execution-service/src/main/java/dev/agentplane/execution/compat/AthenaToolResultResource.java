package dev.agentplane.execution.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.pending.PendingActionResource;
import dev.agentplane.kit.auth.Scopes;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;

/**
 * Seed 003's {@code POST /executions/{id}/tool-result} at the root: the canonical tool-result (one result or an
 * array; with {@code Accept: text/event-stream} the resumed run's stream), its answer in 003's {@code {data:…}}.
 */
@Path("/executions/{id}/tool-result")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class AthenaToolResultResource {
    @Inject
    PendingActionResource canonical;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response toolResult(@PathParam("id") String id, JsonNode body, @HeaderParam("If-Match") String ifMatch,
                               @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key) {
        Response answer = canonical.toolResult(id, body, ifMatch, key);
        return Response.status(answer.getStatus()).entity(new AthenaExecuteResource.Data<>(answer.getEntity())).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> toolResultStream(@PathParam("id") String id, JsonNode body,
                                                    @HeaderParam("If-Match") String ifMatch,
                                                    @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key) {
        return canonical.toolResultStream(id, body, ifMatch, key);
    }
}
