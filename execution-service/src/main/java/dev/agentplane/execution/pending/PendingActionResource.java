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
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.util.function.Supplier;

/**
 * The answers a suspended run waits for: seed 003's tool-result ({@code POST …/tool-result}, one result or an array),
 * seed 004's approvals and human gates' forms ({@code POST …/approval}), external events ({@code POST
 * …/external-events}), and its pending actions. Answers take {@code If-Match} (the
 * execution's version) and {@code Idempotency-Key}; with {@code Accept: text/event-stream} the answer that moves the
 * run on is its stream from there on.
 */
@Path("/v1/executions/{id}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class PendingActionResource {
    private static final int MAX_RESULTS = 32;

    @Inject
    PendingAnswers answers;
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

    /** What an answer left: the run's status, the calls still open and the execution's version. */
    public record Answer(String executionId, String status, List<String> openToolCalls, int version, String pollUrl,
                         String eventsUrl) {
    }

    @POST
    @Path("/tool-result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response toolResult(@PathParam("id") String id, JsonNode body, @HeaderParam("If-Match") String ifMatch,
                               @HeaderParam("Idempotency-Key") String key) {
        return json(id, answers.answer(caller.get().workspaceId(), id, results(body), version(ifMatch, null), key(key)));
    }

    @POST
    @Path("/tool-result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> toolResultStream(@PathParam("id") String id, JsonNode body,
                                                    @HeaderParam("If-Match") String ifMatch,
                                                    @HeaderParam("Idempotency-Key") String key) {
        List<PendingAnswers.Answer> results = results(body);
        return stream(id, () -> answers.answer(caller.get().workspaceId(), id, results, version(ifMatch, null), key(key)));
    }

    @POST
    @Path("/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response approval(@PathParam("id") String id, @Valid @NotNull ApprovalRequest body,
                             @HeaderParam("If-Match") String ifMatch, @HeaderParam("Idempotency-Key") String key) {
        return json(id, answers.answer(caller.get().workspaceId(), id, decisions(body),
                version(ifMatch, body.expectedVersion()), key(key)));
    }

    @POST
    @Path("/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> approvalStream(@PathParam("id") String id, @Valid @NotNull ApprovalRequest body,
                                                  @HeaderParam("If-Match") String ifMatch,
                                                  @HeaderParam("Idempotency-Key") String key) {
        List<PendingAnswers.Answer> decisions = decisions(body);
        Integer version = version(ifMatch, body.expectedVersion());
        return stream(id, () -> answers.answer(caller.get().workspaceId(), id, decisions, version, key(key)));
    }

    /** An outside system's event, posted with the workspace's key (or to the action's callback_url, without one). */
    @POST
    @Path("/external-events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response externalEvent(@PathParam("id") String id, @Valid @NotNull ExternalEventRequest body,
                                  @HeaderParam("If-Match") String ifMatch, @HeaderParam("Idempotency-Key") String key) {
        checkPayload(body);
        control.get(caller.get(), id);
        return json(id, answers.event(caller.get().workspaceId(), id, body.name(), payload(body), version(ifMatch, null),
                key(key)));
    }

    static void checkPayload(ExternalEventRequest body) {
        if (body.payload() != null && body.payload().toString().length() > ExternalEventRequest.MAX_PAYLOAD_CHARS) {
            throw ApiException.invalid("payload", "must be at most " + ExternalEventRequest.MAX_PAYLOAD_CHARS
                    + " characters of JSON");
        }
    }

    private JsonNode payload(ExternalEventRequest body) {
        return body.payload() == null || body.payload().isNull() ? mapper.createObjectNode() : body.payload();
    }

    @GET
    @Path("/pending-actions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> pendingActions(@PathParam("id") String id) {
        ExecutionView execution = control.get(caller.get(), id);
        return Map.of("items", execution.pendingActions(), "version", execution.version(), "status", execution.status());
    }

    private static Response json(String id, PendingAnswers.Answered answered) {
        Answer answer = new Answer(id, answered.status(), answered.open(), answered.version(), "/v1/executions/" + id,
                "/v1/executions/" + id + "/events");
        return "cancelled".equals(answered.status()) ? Response.ok(answer).build() : Response.accepted(answer).build();
    }

    /** The run's events from where the answer moved it on (an answer that leaves calls open waits for the last one). */
    private Multi<OutboundSseEvent> stream(String id, Supplier<PendingAnswers.Answered> answer) {
        long before = streams.lastSeq(id);
        PendingAnswers.Answered answered = answer.get();
        long after = answered.resumed() ? answered.resumedAfter()
                : "cancelled".equals(answered.status()) ? before : streams.storedCount(id);
        return frames.toSse(streams.follow(id, after, false), sse);
    }

    private List<PendingAnswers.Answer> decisions(ApprovalRequest body) {
        List<PendingAnswers.Answer> decisions = new ArrayList<>();
        for (ApprovalRequest.Decision d : body.decisions()) {
            if (d.toolArgs() != null && !d.toolArgs().isNull() && !d.toolArgs().isObject()) {
                throw ApiException.invalid("decisions.tool_args", "must be a JSON object: the call's arguments");
            }
            boolean edited = d.confirmed() && d.toolArgs() != null && d.toolArgs().isObject();
            decisions.add(new PendingAnswers.Answer(d.toolCallId(), PendingAction.APPROVAL,
                    d.confirmed() ? PendingAnswers.CONFIRMED : PendingAnswers.REJECTED,
                    edited ? d.toolArgs().toString() : null));
        }
        return decisions;
    }

    /** One result or an array of them (parallel calls answered together), each checked like a request body. */
    private List<PendingAnswers.Answer> results(JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray()) || (body.isArray() && (body.isEmpty() || body.size() > MAX_RESULTS))) {
            throw ApiException.invalid("body", "must be a tool result or an array of 1 to " + MAX_RESULTS);
        }
        List<PendingAnswers.Answer> results = new ArrayList<>();
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
            results.add(new PendingAnswers.Answer(request.toolCallId(), PendingAction.CLIENT_TOOL, request.outcome(),
                    text(request)));
        }
        return results;
    }

    private static String text(ToolResultRequest result) {
        if (result.result() == null || result.result().isNull()) {
            return PendingAnswers.SUCCESS.equals(result.outcome()) ? "{}" : "The client tool failed.";
        }
        return result.result().isTextual() ? result.result().asText() : result.result().toString();
    }

    /** The version an answer was made on: If-Match (a number, quoted or not, or W/"n") or the body's expected_version. */
    static Integer version(String ifMatch, Integer expected) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return expected;
        }
        String digits = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("If-Match", "must be the execution's version (a number)");
        }
    }

    private static String key(String key) {
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        return key;
    }
}
