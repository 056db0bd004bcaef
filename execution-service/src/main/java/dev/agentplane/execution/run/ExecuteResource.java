package dev.agentplane.execution.run;

import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.stream.SseFrames;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import dev.agentplane.execution.llm.LlmFailure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Execute an agent or a session: JSON (sync or async), or SSE with Accept: text/event-stream or /stream. */
@Path("/v1")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
@Consumes(MediaType.APPLICATION_JSON)
public class ExecuteResource {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String SERVER_TIMING = "Server-Timing";

    @Inject
    ExecuteService service;
    @Inject
    CurrentCaller caller;
    @Inject
    SseFrames frames;
    @Context
    Sse sse;

    @POST
    @Path("/agents/{id}/execute")
    @Produces(MediaType.APPLICATION_JSON)
    public Response executeAgent(@PathParam("id") String id, @Valid @NotNull ExecuteRequest body,
                                 @HeaderParam(IDEMPOTENCY_KEY) String key, @HeaderParam("Prefer") String prefer) {
        return respond(ExecuteService.Target.agent(id), body, key, prefer);
    }

    @POST
    @Path("/sessions/{id}/execute")
    @Produces(MediaType.APPLICATION_JSON)
    public Response executeSession(@PathParam("id") String id, @Valid @NotNull ExecuteRequest body,
                                   @HeaderParam(IDEMPOTENCY_KEY) String key, @HeaderParam("Prefer") String prefer) {
        return respond(ExecuteService.Target.session(id), body, key, prefer);
    }

    @POST
    @Path("/agents/{id}/execute")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> streamAgentByAccept(@PathParam("id") String id, @Valid @NotNull ExecuteRequest body,
                                                       @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return stream(ExecuteService.Target.agent(id), body, key);
    }

    @POST
    @Path("/agents/{id}/execute/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> streamAgent(@PathParam("id") String id, @Valid @NotNull ExecuteRequest body,
                                               @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return stream(ExecuteService.Target.agent(id), body, key);
    }

    @POST
    @Path("/sessions/{id}/execute")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> streamSessionByAccept(@PathParam("id") String id,
                                                         @Valid @NotNull ExecuteRequest body,
                                                         @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return stream(ExecuteService.Target.session(id), body, key);
    }

    @POST
    @Path("/sessions/{id}/execute/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> streamSession(@PathParam("id") String id, @Valid @NotNull ExecuteRequest body,
                                                 @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return stream(ExecuteService.Target.session(id), body, key);
    }

    private Multi<OutboundSseEvent> stream(ExecuteService.Target target, ExecuteRequest body, String key) {
        return frames.toSse(service.executeStreaming(caller.get(), target, body, key), sse);
    }

    /**
     * A failed sync run as a problem: the provider's failure is 502 EXECUTION_FAILED (429 PROVIDER_RATE_LIMITED with
     * Retry-After when its rate limit did not free up within the wait budget); a run the engine stopped
     * part-way answers its own code (422 STEP_LIMIT_EXCEEDED or BUDGET_EXCEEDED, 402 INSUFFICIENT_CREDITS) with
     * the partial output and what it cost.
     */
    private static ApiException failed(ExecutionView execution) {
        var error = execution.error();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("execution_id", execution.executionId());
        extensions.put("status", "failed");
        extensions.put("poll_url", execution.pollUrl());
        String code = error == null ? "EXECUTION_FAILED" : error.code();
        int status = switch (code) {
            case "STEP_LIMIT_EXCEEDED", "BUDGET_EXCEEDED" -> 422;
            case "INSUFFICIENT_CREDITS" -> 402;
            case LlmFailure.RATE_LIMITED -> 429;
            default -> 502;
        };
        if (status == 429) {
            // RetryAfterHeader turns it into the Retry-After header
            extensions.put(RetryAfterHeader.EXTENSION, LlmFailure.retryAfterSeconds(error.message()));
        } else if (status == 502) {
            code = "EXECUTION_FAILED";
        } else {
            extensions.put("output", execution.output());
            extensions.put("usage", execution.usage());
            extensions.put("cost", execution.cost());
        }
        return new ApiException(status, code, error == null ? "The execution failed." : error.message(), List.of(),
                extensions);
    }

    private Response respond(ExecuteService.Target target, ExecuteRequest body, String key, String prefer) {
        boolean async = "async".equals(body.mode()) || (prefer != null && prefer.contains("respond-async"));
        if (async) {
            String id = service.executeAsync(caller.get(), target, body, key);
            return Response.accepted(new Accepted(id, "pending", "/v1/executions/" + id,
                    "/v1/executions/" + id + "/events")).location(URI.create("/v1/executions/" + id)).build();
        }
        Outcome outcome = service.executeSync(caller.get(), target, body, key);
        if (outcome.failed()) {
            throw failed(outcome.execution());
        }
        Response.ResponseBuilder ok = Response.ok(outcome.execution());
        if (outcome.phases() != null) {
            ok.header(SERVER_TIMING, outcome.phases().serverTiming());
        }
        if (outcome.creditsRemaining() != null) {
            ok.header("X-Credits-Remaining", outcome.creditsRemaining());
        }
        return ok.build();
    }

    /** The 202 answer of an async execute. */
    public record Accepted(String executionId, String status, String pollUrl, String eventsUrl) {
    }
}
