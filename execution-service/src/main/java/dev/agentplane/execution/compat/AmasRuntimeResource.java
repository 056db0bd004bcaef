package dev.agentplane.execution.compat;

import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.run.ExecuteService;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Seeds 000/001's {@code POST /api/v1/runtime/{session_id}/execute/}: the body is the canonical
 * session execute's ({@code content} as a string or parts, {@code inputs}); one call to
 * {@link ExecuteService#executeSync}, the answer reshaped into seed 000's session object plus seed
 * 001's {@code response.content}. Errors stay problem+json with seed 001's statuses.
 */
@Path("/api/v1/runtime/{id}/execute{slash:/?}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class AmasRuntimeResource {
    @Inject
    ExecuteService service;
    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response execute(@PathParam("id") String sessionId, @Valid @NotNull ExecuteRequest body,
                            @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key) {
        Outcome outcome = CompatRuns.succeeded(service.executeSync(caller.get(),
                ExecuteService.Target.session(sessionId), body, key));
        return CompatRuns.withCredits(Response.ok(AmasRun.of(sessionId, outcome.execution())), outcome).build();
    }

    /** Seed 000's session object after a run, with seed 001's {@code response}. */
    public record AmasRun(String id, String object, String status, Long createdAt, Long completedAt, Object config,
                          java.util.List<Message> messages, Long executionTime, Metadata metadata, Reply response) {

        public record Message(String id, String role, String content, Long createdAt) {
        }

        public record Metadata(String correlationId, int eventCount, String executionId, Usage usage) {
        }

        public record Usage(int inputTokens, int outputTokens) {
        }

        public record Reply(String id, String role, String content) {
        }

        /**
         * {@code execution_time} is whole seconds between start and end, as seed 000 counts it;
         * {@code config} stays the empty object seed 000 shows (the session's config is read with
         * {@code GET /api/v1/sessions/{id}/}).
         */
        static AmasRun of(String sessionId, ExecutionView e) {
            java.util.List<Message> messages = e.messages() == null ? java.util.List.of() : e.messages().stream()
                    .map(m -> new Message(m.id(), m.role(), m.content(), CompatRuns.epoch(m.createdAt()))).toList();
            Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
            ExecutionView.Usage u = e.usage();
            Usage usage = u == null ? new Usage(0, 0) : new Usage(u.inputTokens(), u.outputTokens());
            int events = e.metadata() == null ? 0 : e.metadata().eventCount();
            String correlation = e.metadata() == null ? null : e.metadata().correlationId();
            Long seconds = e.startedAt() == null || e.completedAt() == null ? null
                    : java.time.Duration.between(e.startedAt(), e.completedAt()).toSeconds();
            return new AmasRun(sessionId, "agent.session", e.status(), CompatRuns.epoch(e.createdAt()),
                    CompatRuns.epoch(e.completedAt()), java.util.Map.of(), messages, seconds,
                    new Metadata(correlation, events, e.executionId(), usage),
                    new Reply(last == null ? null : last.id(), "assistant",
                            e.output() != null ? e.output().text() : last == null ? null : last.content()));
        }
    }
}
