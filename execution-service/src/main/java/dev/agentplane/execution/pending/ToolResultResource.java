package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.run.ExecutionControl;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.stream.SseFrames;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's tool-result: {@code POST /v1/executions/{id}/tool-result} with one result or an array of them, and the
 * pending actions of a suspended run. With {@code Accept: text/event-stream} the answer that resumes the run is
 * its stream from there on.
 */
@Path("/v1/executions/{id}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class ToolResultResource {
    private static final int MAX_RESULTS = 32;

    @Inject
    ClientToolResults results;
    @Inject
    ExecutionControl control;
    @Inject
    ExecutionStreams streams;
    @Inject
    SseFrames frames;
    @Inject
    CurrentCaller caller;
    @Inject
    ObjectMapper mapper;
    @Inject
    Validator validator;
    @Context
    Sse sse;

    /** What an answer left: the run's status and the calls still open. */
    public record Answer(String executionId, String status, List<String> openToolCalls, String pollUrl,
                         String eventsUrl) {
    }

    @POST
    @Path("/tool-result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response toolResult(@PathParam("id") String id, JsonNode body) {
        ClientToolResults.Answered answered = results.answer(caller.get().workspaceId(), id, requests(body));
        String status = answered.resumed() ? "in_progress" : answered.status();
        return Response.accepted(new Answer(id, status, answered.open(), "/v1/executions/" + id,
                "/v1/executions/" + id + "/events")).build();
    }

    /** The resumed run's events from where it goes on (an answer that leaves calls open waits for the last one). */
    @POST
    @Path("/tool-result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> toolResultStream(@PathParam("id") String id, JsonNode body) {
        ClientToolResults.Answered answered = results.answer(caller.get().workspaceId(), id, requests(body));
        long after = answered.resumed() ? answered.resumedAfter() : streams.storedCount(id);
        return frames.toSse(streams.follow(id, after, false), sse);
    }

    @GET
    @Path("/pending-actions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<PendingAction>> pendingActions(@PathParam("id") String id) {
        ExecutionView execution = control.get(caller.get(), id);
        return Map.of("items", execution.pendingActions());
    }

    /** One result or an array of them (parallel calls answered together), each checked like a request body. */
    private List<ToolResultRequest> requests(JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray()) || (body.isArray() && (body.isEmpty() || body.size() > MAX_RESULTS))) {
            throw ApiException.invalid("body", "must be a tool result or an array of 1 to " + MAX_RESULTS);
        }
        List<ToolResultRequest> requests = new ArrayList<>();
        for (JsonNode item : body.isArray() ? body : List.of(body)) {
            ToolResultRequest request;
            try {
                request = mapper.treeToValue(item, ToolResultRequest.class);
            } catch (Exception e) {
                throw ApiException.invalid("body", "each result is {tool_call_id, outcome, result}");
            }
            for (ConstraintViolation<ToolResultRequest> v : validator.validate(request)) {
                throw ApiException.invalid(v.getPropertyPath().toString().equals("toolCallId") ? "tool_call_id"
                        : v.getPropertyPath().toString(), v.getMessage());
            }
            requests.add(request);
        }
        return requests;
    }
}
