package dev.agentplane.execution.batch;

import dev.agentplane.execution.stream.SseFrames;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** {@code POST /v1/agents/{id}/execute/batch}: SSE progress of many executions of one agent. */
@Path("/v1/agents/{id}/execute/batch")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class BatchResource {
    @Inject
    BatchRunner runner;
    @Inject
    SseFrames frames;
    @Inject
    CurrentCaller caller;
    @Context
    Sse sse;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> batch(@PathParam("id") String agentId, @Valid @NotNull BatchRequest body) {
        return frames.toSse(runner.run(caller.get(), agentId, body), sse);
    }
}
