package dev.agentplane.execution.run;

import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.stream.SseFrames;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Poll, follow (SSE with replay from Last-Event-ID) and cancel an execution. */
@Path("/v1/executions/{id}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class ExecutionResource {
    @Inject
    ExecutionControl control;
    @Inject
    ExecutionStreams streams;
    @Inject
    SseFrames frames;
    @Inject
    CurrentCaller caller;
    @Context
    Sse sse;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ExecutionView get(@PathParam("id") String id) {
        return control.get(caller.get(), id);
    }

    @POST
    @Path("/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public ExecutionView cancel(@PathParam("id") String id) {
        return control.cancel(caller.get(), id);
    }

    /** Every event after Last-Event-ID (or the after query parameter), then live ones until the end. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("after") String after) {
        ExecutionView execution = control.get(caller.get(), id);
        long from = parse(lastEventId != null ? lastEventId : after);
        boolean ended = !ExecutionStatus.isActive(execution.status());
        return frames.toSse(streams.follow(id, from, ended), sse);
    }

    private static long parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.invalid("Last-Event-ID", "must be an event id (a non-negative integer)");
    }
}
