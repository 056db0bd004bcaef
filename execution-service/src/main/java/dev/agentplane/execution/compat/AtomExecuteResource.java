package dev.agentplane.execution.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.run.ExecutionControl;
import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.engine.RunEngine;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.run.ExecuteService;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.compat.AtomApi;
import dev.agentplane.kit.compat.AtomEnvelope;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seed 002's execute and execution status ({@code /api/agents/{id}/execute},
 * {@code /api/agents/{id}/executions/{eid}}): {@code task}, {@code context} and {@code parameters}
 * become the canonical execute's message; one call to {@link ExecuteService} (sync, or async with
 * {@code "async": true} / {@code Prefer: respond-async}); answers in seed 002's envelope.
 */
@Path("/api/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
@AtomApi
public class AtomExecuteResource {
    @Inject
    ExecuteService service;
    @Inject
    ExecutionControl control;
    @Inject
    CurrentCaller caller;
    @Inject
    ObjectMapper mapper;

    /** Seed 002's execute body; {@code async} asks for the long-running answer with a poll URL. */
    public record TaskRequest(@NotBlank @Size(max = 65_536) String task, JsonNode context, JsonNode parameters,
                              Boolean async) {
    }

    @POST
    @Path("/execute")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response execute(@PathParam("id") String agentId, @Valid @NotNull TaskRequest body,
                            @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key, @HeaderParam("Prefer") String prefer) {
        boolean async = Boolean.TRUE.equals(body.async()) || (prefer != null && prefer.contains("respond-async"));
        // built from its JSON form, so that members the canonical request gains stay at their defaults here
        java.util.Map<String, Object> canonical = new java.util.HashMap<>();
        canonical.put("message", render(body));
        if (async) {
            canonical.put("mode", "async");
        }
        ExecuteRequest request = mapper.convertValue(canonical, ExecuteRequest.class);
        if (async) {
            String id = service.executeAsync(caller.get(), ExecuteService.Target.agent(agentId), request, key);
            return Response.accepted(AtomEnvelope.ok(new Accepted(id, agentId, "in_progress",
                    "Task is being processed", pollUrl(agentId, id)))).build();
        }
        Outcome outcome = CompatRuns.succeeded(service.executeSync(caller.get(), ExecuteService.Target.agent(agentId),
                request, key));
        refuseIfAwaitingApproval(outcome.execution());
        return CompatRuns.withCredits(Response.ok(AtomEnvelope.ok(Result.of(outcome.execution()))), outcome).build();
    }

    @GET
    @Path("/executions/{eid}")
    public AtomEnvelope status(@PathParam("id") String agentId, @PathParam("eid") String executionId) {
        ExecutionView e = control.get(caller.get(), executionId);
        if (!agentId.equals(e.agentId())) {
            throw ApiException.notFound("EXECUTION_NOT_FOUND", "Agent '" + agentId + "' has no execution '"
                    + executionId + "'.");
        }
        return AtomEnvelope.ok(Status.of(e));
    }

    /**
     * Seed 002 has no approvals: its "403 Forbidden (action not allowed by governance)" is a run that stopped for a
     * person's approval of a call above the agent's maturity level (or of a method that requires confirmation). The
     * run waits as it would on /v1 (its approval is answered at /v1/executions/{id}/approval, or expires).
     */
    static void refuseIfAwaitingApproval(ExecutionView e) {
        if (!ExecutionStatus.AWAITING_APPROVAL.wire().equals(e.status())) {
            return;
        }
        List<String> tools = e.pendingActions() == null ? List.of() : e.pendingActions().stream()
                .map(PendingAction::tool).filter(java.util.Objects::nonNull).distinct().toList();
        throw new ApiException(403, RunEngine.GOVERNANCE_VIOLATION, "The task needs " + (tools.isEmpty() ? "a tool call"
                : String.join(", ", tools)) + ", which this agent may not run without a person's approval; execution "
                + e.executionId() + " waits for it at /v1/executions/" + e.executionId() + "/approval.",
                List.of(), Map.of("execution_id", e.executionId(), "status", e.status(), "tools", tools));
    }

    /** The task first, then the context and parameters as JSON the model reads. */
    String render(TaskRequest body) {
        StringBuilder text = new StringBuilder(body.task());
        try {
            if (body.context() != null && !body.context().isNull()) {
                text.append("\n\nContext:\n").append(mapper.writeValueAsString(body.context()));
            }
            if (body.parameters() != null && !body.parameters().isNull()) {
                text.append("\n\nParameters:\n").append(mapper.writeValueAsString(body.parameters()));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.invalid("context", "cannot be written as JSON");
        }
        return text.toString();
    }

    static String pollUrl(String agentId, String executionId) {
        return "/api/agents/" + agentId + "/executions/" + executionId;
    }

    public record Accepted(String executionId, String agentId, String status, String message, String pollUrl) {
    }

    /** The answer text as the summary, structured output (if the agent has one) as the details. */
    public record Outcomes(String summary, JsonNode details) {
        static Outcomes of(ExecutionView e) {
            return e.output() == null ? null : new Outcomes(e.output().text(), e.output().parsedOutput());
        }
    }

    /** One produced message per step: the platform records the run's messages, not a model's private reasoning. */
    public record Step(int step, String role, String content) {
    }

    /**
     * The sync answer. {@code confidence} is null: no model reports one, and none is made up.
     */
    public record Result(String executionId, String agentId, String status, Outcomes result, Double confidence,
                         List<Step> reasoningTrace, Instant startedAt, Instant completedAt, Long durationSeconds) {
        static Result of(ExecutionView e) {
            List<ExecutionView.Message> messages = e.messages() == null ? List.of() : e.messages();
            List<Step> trace = java.util.stream.IntStream.range(0, messages.size())
                    .mapToObj(i -> new Step(i + 1, messages.get(i).role(), messages.get(i).content())).toList();
            return new Result(e.executionId(), e.agentId(), e.status(), Outcomes.of(e), null, trace, e.startedAt(),
                    e.completedAt(), seconds(e));
        }
    }

    /** Progress is 100 once the execution has ended; the platform reports no finer progress. */
    public record Status(String executionId, String agentId, String status, Outcomes result, int progress,
                         Instant startedAt, Instant completedAt) {
        static Status of(ExecutionView e) {
            return new Status(e.executionId(), e.agentId(), e.status(), Outcomes.of(e),
                    ExecutionStatus.isActive(e.status()) ? 0 : 100, e.startedAt(), e.completedAt());
        }
    }

    static Long seconds(ExecutionView e) {
        return e.startedAt() == null || e.completedAt() == null ? null
                : Duration.between(e.startedAt(), e.completedAt()).toSeconds();
    }
}
