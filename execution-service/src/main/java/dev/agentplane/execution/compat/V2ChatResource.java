package dev.agentplane.execution.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.pending.PendingAnswers;
import dev.agentplane.execution.run.ExecuteService;
import dev.agentplane.execution.run.ExecutionControl;
import dev.agentplane.execution.session.SessionClient;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.stream.StreamFrame;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 004's chat and commit ({@code POST /v2/agents/{id}/chat}, {@code …/chat/commit}): a chat is the canonical
 * execute in the conversation of ({@code user_id}, {@code session_id}) — memory stays the user's across sessions —
 * and a run that waits for a confirmation answers {@code status: paused} with its {@code tools}; commit is the
 * approval answer ({@code updated_tools} → decisions), after which the answer is the rest of the run. Both stream
 * ({@code event: message}) unless {@code stream: false}. {@code model} is not honoured: the agent's llm_config decides.
 */
@Path("/v2/agents/{id}/chat")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class V2ChatResource {
    /** How long a non-streamed commit waits for the rest of the run before it answers what is there. */
    private static final Duration COMMIT_WAIT = Duration.ofMinutes(10);

    @Inject
    ExecuteService service;
    @Inject
    ExecutionControl control;
    @Inject
    PendingAnswers answers;
    @Inject
    SessionClient sessions;
    @Inject
    ExecutionStreams streams;
    @Inject
    CurrentCaller caller;
    @Inject
    ObjectMapper mapper;

    public record ChatRequest(@NotBlank @Size(max = 65_536) String message, Boolean stream, String model,
                              @NotBlank @Size(max = 200) String userId, @NotBlank @Size(max = 200) String sessionId,
                              @Size(max = 64) String timezone, @Size(max = 35) String locale, JsonNode userProfile,
                              JsonNode tenantProfile) {
    }

    public record CommitRequest(@NotBlank @Size(max = 64) String runId, Boolean stream, String model,
                                @Size(max = 200) String userId, @Size(max = 200) String sessionId,
                                @NotEmpty @Size(max = 32) List<@Valid @NotNull UpdatedTool> updatedTools) {
    }

    public record UpdatedTool(@NotBlank @Size(max = 200) String toolCallId, @NotNull Boolean confirmed, JsonNode toolArgs) {
    }

    /** A paused run's call as seed 004 shows it. */
    public record Tool(String toolCallId, String toolName, boolean requiresConfirmation, JsonNode toolArgs, Object result) {
    }

    /** Seed 004's chat answer. */
    public record ChatAnswer(String content, String agentId, String sessionId, String model, Object tokenUsage,
                             String status, String runId, List<Tool> tools) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response chat(@PathParam("id") String agentId, @Valid @NotNull ChatRequest body) {
        Caller who = caller.get();
        String session = sessions.openConversation(who, agentId, body.userId() + "/" + body.sessionId());
        ExecuteRequest request = mapper.convertValue(canonical(body, session), ExecuteRequest.class);
        ExecuteService.Target target = ExecuteService.Target.agent(agentId);
        if (Boolean.FALSE.equals(body.stream())) {
            Outcome outcome = service.executeSync(who, target, request, null);
            return Response.ok(answer(outcome.execution(), body.sessionId())).type(MediaType.APPLICATION_JSON).build();
        }
        Multi<StreamFrame> frames = service.executeStreaming(who, target, request, null);
        return sse(frames, body.sessionId());
    }

    @POST
    @Path("/commit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response commit(@PathParam("id") String agentId, @Valid @NotNull CommitRequest body) {
        Caller who = caller.get();
        ExecutionView paused = control.get(who, body.runId());
        if (!agentId.equals(paused.agentId())) {
            throw ApiException.notFound("EXECUTION_NOT_FOUND", "Agent '" + agentId + "' has no run '" + body.runId() + "'.");
        }
        List<PendingAnswers.Answer> decisions = new ArrayList<>();
        for (UpdatedTool tool : body.updatedTools()) {
            boolean edited = tool.confirmed() && tool.toolArgs() != null && tool.toolArgs().isObject();
            decisions.add(new PendingAnswers.Answer(tool.toolCallId(), PendingAction.APPROVAL,
                    tool.confirmed() ? "confirmed" : "rejected", edited ? tool.toolArgs().toString() : null));
        }
        long before = streams.lastSeq(body.runId());
        PendingAnswers.Answered answered = answers.answer(who.workspaceId(), body.runId(), decisions, null, null);
        long after = answered.resumedAfter() >= 0 ? answered.resumedAfter() : before;
        Multi<StreamFrame> rest = streams.follow(body.runId(), after, false);
        if (Boolean.FALSE.equals(body.stream()) || !"in_progress".equals(answered.status())) {
            if ("in_progress".equals(answered.status())) {
                rest.select().where(StreamFrame::terminal).toUni().await().atMost(COMMIT_WAIT);
            }
            return Response.ok(answer(ended(who, body.runId()), body.sessionId())).type(MediaType.APPLICATION_JSON)
                    .build();
        }
        return sse(rest, body.sessionId());
    }

    /**
     * The stream written by hand: seed 004 chooses streaming with a body field, not the Accept header, so one method
     * answers either JSON or SSE, and a Multi entity cannot be a Response's.
     */
    private Response sse(Multi<StreamFrame> frames, String sessionId) {
        StreamingOutput out = output -> {
            for (String message : (Iterable<String>) messages(frames, sessionId).subscribe().asStream()::iterator) {
                output.write(("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8));
                output.flush();
            }
        };
        return Response.ok(out).type(MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache").build();
    }

    /**
     * The run as stored once its stream ended: the final event goes out before the row is written (answers do not
     * wait for the database), so the row may say in_progress for a few milliseconds more.
     */
    private ExecutionView ended(Caller who, String runId) {
        long until = System.currentTimeMillis() + ROW_WAIT_MS;
        ExecutionView view = control.get(who, runId);
        while ("in_progress".equals(view.status()) && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            view = control.get(who, runId);
        }
        return view;
    }

    private static final long ROW_WAIT_MS = 5_000;

    /** The canonical execute: the user's profile, time zone and locale are variables the agent's prompts may read. */
    private Map<String, Object> canonical(ChatRequest body, String session) {
        Map<String, Object> variables = new HashMap<>();
        putIf(variables, "timezone", body.timezone());
        putIf(variables, "locale", body.locale());
        putIf(variables, "user_profile", body.userProfile());
        putIf(variables, "tenant_profile", body.tenantProfile());
        Map<String, Object> canonical = new HashMap<>();
        canonical.put("message", body.message());
        canonical.put("conversation_scope", session);
        canonical.put("external_user_id", body.userId());
        canonical.put("variables", variables);
        return canonical;
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null && !(value instanceof JsonNode n && n.isNull())) {
            map.put(key, value);
        }
    }

    private ChatAnswer answer(ExecutionView e, String sessionId) {
        String status = status(e.status());
        String content = "paused".equals(status) ? null : e.output() != null ? e.output().text()
                : e.error() != null ? e.error().message() : null;
        Map<String, Object> usage = e.usage() == null || e.usage().totalTokens() == 0 ? null : Map.of(
                "input_tokens", e.usage().inputTokens(), "output_tokens", e.usage().outputTokens(),
                "total_tokens", e.usage().totalTokens());
        return new ChatAnswer(content, e.agentId(), sessionId, null, usage, status, e.executionId(), tools(e));
    }

    private static List<Tool> tools(ExecutionView e) {
        List<Tool> tools = new ArrayList<>();
        for (PendingAction action : e.pendingActions()) {
            if (PendingAction.APPROVAL.equals(action.kind())) {
                tools.add(new Tool(action.toolCallId(), action.tool(), true, action.arguments(), null));
            }
        }
        return tools;
    }

    /** awaiting_approval is seed 004's paused; the others keep their names (running while the run goes on). */
    private static String status(String status) {
        return switch (status) {
            case "awaiting_approval", "awaiting_client_tool", "waiting_for_external_event" -> "paused";
            case "in_progress", "pending" -> "running";
            default -> status;
        };
    }

    /** The run's stream as seed 004's {@code message} events: text chunks while running, then its end. */
    private Multi<String> messages(Multi<StreamFrame> frames, String sessionId) {
        return frames.filter(f -> "text".equals(f.type()) || f.terminal()).map(frame -> {
            JsonNode data = read(frame.json());
            String runId = data.path("execution_id").asText(null);
            Map<String, Object> message = new LinkedHashMap<>();
            switch (frame.type()) {
                case "text" -> {
                    message.put("content", data.path("text").asText());
                    message.put("status", "running");
                }
                case "final" -> {
                    message.put("content", "");
                    message.put("status", "completed");
                }
                case "suspended" -> {
                    message.put("content", null);
                    message.put("status", "paused");
                    List<Tool> tools = new ArrayList<>();
                    for (JsonNode a : data.path("pending_actions")) {
                        if (PendingAction.APPROVAL.equals(a.path("kind").asText())) {
                            tools.add(new Tool(a.path("tool_call_id").asText(), a.path("tool").asText(), true,
                                    a.get("arguments"), null));
                        }
                    }
                    message.put("tools", tools);
                }
                default -> {
                    message.put("content", data.path("message").asText(null));
                    message.put("status", data.path("status").asText("failed"));
                }
            }
            message.put("run_id", runId);
            message.put("session_id", sessionId);
            return write(message);
        });
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
