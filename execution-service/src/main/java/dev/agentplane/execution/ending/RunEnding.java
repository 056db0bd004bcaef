package dev.agentplane.execution.ending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentplane.execution.billing.CreditLeases;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.engine.Checkpoints;
import dev.agentplane.execution.engine.EngineConfig;
import dev.agentplane.execution.engine.Graph;
import dev.agentplane.execution.engine.HoldTopUp;
import dev.agentplane.execution.engine.Overlap;
import dev.agentplane.execution.engine.RunResult;
import dev.agentplane.execution.engine.RunState;
import dev.agentplane.execution.engine.RunStopped;
import dev.agentplane.execution.engine.RunSuspended;
import dev.agentplane.execution.engine.Turn;
import dev.agentplane.execution.execution.Cancellations;
import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.RunPhases;
import dev.agentplane.execution.memory.UserMemory;
import dev.agentplane.execution.session.PendingHistory;
import dev.agentplane.execution.session.RunMessage;
import dev.agentplane.execution.session.SessionClient;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import dev.agentplane.kit.data.SqlErrors;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How a run ends: after the model answered, the actual cost is priced and the end recorded (billing charges
 * it from the agent.executed that records it) while the history is appended, which the answer does not wait
 * for (the session stays taken until it is stored: session/PendingHistory); after a failure, the hold is
 * refunded and the failure recorded. Either way the stream gets its last event and the session is free
 * again.
 */
@ApplicationScoped
public class RunEnding {
    private static final Logger LOG = Logger.getLogger(RunEnding.class);

    @Inject
    ExecutionStore store;
    @Inject
    Credits credits;
    @Inject
    CreditLeases leases;
    @Inject
    SessionClient sessions;
    @Inject
    PendingHistory pendingHistory;
    @Inject
    SessionLocks locks;
    @Inject
    ExecutionStreams streams;
    @Inject
    Cancellations cancellations;
    @Inject
    ObjectMapper mapper;
    @Inject
    Overlap overlap;
    @Inject
    RunMetrics metrics;
    @Inject
    Checkpoints checkpoints;
    @Inject
    EngineConfig engine;
    @Inject
    UserMemory memory;
    @Inject
    HoldTopUp holds;

    public Outcome finish(ExecutionPlan plan, RunResult result) {
        String id = plan.executionId();
        awaitRecorded(plan);
        checkpoints.delete(id);
        CompletableFuture<Void> history = null;
        boolean sessionHandedOver = false;
        try {
            if (cancellations.isCancelled(id)) {
                return endedMeanwhile(plan);
            }
            JsonNode parsed = result.parsed();
            // the answer has one id in the execution and in the session, so feedback on it finds it
            String answerId = messageId();
            List<RunMessage> run = plan.sessionId() == null ? null : runMessages(plan, result, answerId);
            // the history is appended while the completion is written; the answer does not wait for it
            // (session/PendingHistory: the messages are kept until the session has them, the session until then)
            history = run == null ? null : overlap.start(() -> {
                long appending = System.nanoTime();
                sessions.appendRun(plan.caller(), plan.sessionId(), id, run);
                metrics.record(plan.mode(), RunPhases.Phase.HISTORY, System.nanoTime() - appending);
                return null;
            });
            remember(plan, result);
            Credits.Captured captured = charge(plan, result);
            long cost = captured.charged();
            long remaining = captured.available();
            int events = streams.count(id) + 1;
            String pending = run == null || appendedAlready(history) ? null : pendingHistory.json(run);
            long completing = System.nanoTime();
            ExecutionStore.Completion completion = new ExecutionStore.Completion(result.text(),
                    parsed == null ? null : parsed.toString(), messagesJson(result, answerId),
                    result.inputTokens(), result.outputTokens(), cost, events, pending, stepsJson(result));
            Optional<ExecutionView> completed = written(() -> store.complete(id, completion))
                    .or(() -> ownCommit(plan, ExecutionStatus.COMPLETED.wire()));
            plan.phases().record(RunPhases.Phase.COMPLETE, System.nanoTime() - completing);
            if (completed.isEmpty()) {
                return endedMeanwhile(plan);
            }
            ExecutionView view = completed.get();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", view.status());
            data.put("output", view.output());
            data.put("usage", view.usage());
            data.put("cost", cost);
            data.put("credits_remaining", remaining);
            data.put("latency_ms", view.latencyMs());
            if (result.workflow()) {
                data.put("path", result.path());
            }
            streams.publish(id, "final", data);
            if (run != null) {
                pendingHistory.settleWhenAppended(history, overlap.executor(), plan.caller(), plan.sessionId(), id,
                        pending != null);
                sessionHandedOver = true;
            }
            return new Outcome(view, remaining);
        } catch (ApiException e) {
            LOG.warnf("execution %s could not be completed: %s %s", id, e.code(), e.getMessage());
            awaitQuietly(history);
            return fail(plan, e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "execution %s could not be completed", id);
            awaitQuietly(history);
            return fail(plan, "The execution could not be completed.");
        } finally {
            if (!sessionHandedOver && plan.sessionId() != null) {
                // never release the session while its history is still being written
                awaitQuietly(history);
                unlock(plan);
            }
            counted(plan);
        }
    }

    private static boolean appendedAlready(CompletableFuture<Void> history) {
        return history != null && history.isDone() && !history.isCompletedExceptionally();
    }

    private static void awaitQuietly(CompletableFuture<Void> history) {
        if (history != null) {
            history.exceptionally(e -> null).join();
        }
    }

    /**
     * The run's cost as the engine priced it (each call on the model that answered it, capped at the hold);
     * billing captures it from agent.executed, after the answer. A run without a priced hold in hand (queued by an
     * earlier version, or held by a billing service that does not send the rule) is captured here.
     */
    private Credits.Captured charge(ExecutionPlan plan, RunResult result) {
        Credits.Hold hold = result.hold();
        if (hold == null || hold.price() == null) {
            return credits.capture(plan.caller(), plan.executionId(), new Credits.Charge(plan.agent().id(),
                    plan.model().model(), result.inputTokens(), result.outputTokens()));
        }
        return new Credits.Captured(result.cost(), hold.availableAfter(result.cost()));
    }

    private static List<RunMessage> runMessages(ExecutionPlan plan, RunResult result, String answerId) {
        return List.of(new RunMessage(null, "user", TextNode.valueOf(plan.input().text()), null, null, null),
                new RunMessage(answerId, "assistant", TextNode.valueOf(result.text()), null, null,
                        new RunMessage.Usage(result.inputTokens(), result.outputTokens(),
                                result.inputTokens() + result.outputTokens())));
    }

    /**
     * The user's facts are extracted after the answer, apart from the history: a model call must not keep the
     * session taken (UserMemory: best effort, never fails the run).
     */
    private void remember(ExecutionPlan plan, RunResult result) {
        if (plan.externalUserId() == null || !plan.agent().memoryEnabled()) {
            return;
        }
        overlap.start(() -> {
            memory.remember(plan.caller(), plan.model(), plan.externalUserId(), plan.agent().id(), plan.executionId(),
                    plan.input().text(), result.text());
            return null;
        });
    }

    /** Refunds the hold, records the failure and ends the stream with an error event. */
    public Outcome fail(ExecutionPlan plan, String message) {
        return fail(plan, "EXECUTION_FAILED", message);
    }

    /** As {@link #fail(ExecutionPlan, String)}, with the code of what failed it (e.g. TOOL_IN_DOUBT). */
    public Outcome fail(ExecutionPlan plan, String code, String message) {
        String id = plan.executionId();
        awaitRecorded(plan);
        try {
            checkpoints.delete(id);
            releaseQuietly(plan, "failed");
            int events = streams.count(id) + 1;
            Optional<ExecutionView> failed = written(() -> store.fail(id, code, message, events));
            if (failed.isEmpty()) {
                return endedMeanwhile(plan);
            }
            streams.publish(id, "error", ExecutionStreams.errorData("failed", code, message));
            return new Outcome(failed.get(), null);
        } finally {
            unlock(plan);
            counted(plan);
        }
    }

    /**
     * A run the engine stopped part-way (step limit, max_cost, credits): failed with the stop's code, keeping its
     * partial output, and charged what its finished model calls cost (billing captures it from agent.executed).
     */
    public Outcome stop(ExecutionPlan plan, RunStopped stopped) {
        String id = plan.executionId();
        awaitRecorded(plan);
        RunResult partial = stopped.partial();
        try {
            checkpoints.delete(id);
            long cost = charge(plan, partial).charged();
            ExecutionStore.Completion completion = new ExecutionStore.Completion(partial.text(),
                    partial.parsed() == null ? null : partial.parsed().toString(), messagesJson(partial, null),
                    partial.inputTokens(), partial.outputTokens(), cost, streams.count(id) + 1, null, stepsJson(partial));
            Optional<ExecutionView> failed = written(() -> store.stop(id, stopped.code().name(), stopped.getMessage(),
                    completion));
            if (failed.isEmpty()) {
                return endedMeanwhile(plan);
            }
            Map<String, Object> data = ExecutionStreams.errorData("failed", stopped.code().name(), stopped.getMessage());
            data.put("output", failed.get().output());
            data.put("usage", failed.get().usage());
            data.put("cost", cost);
            streams.publish(id, "error", data);
            return new Outcome(failed.get(), null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s could not be stopped with %s", id, stopped.code());
            return fail(plan, stopped.getMessage());
        } finally {
            unlock(plan);
            counted(plan);
        }
    }

    /**
     * A run that waits for the client to run some of its tool calls (seed 003) or for a person to decide on some
     * (seed 004, governance): awaiting_client_tool, or awaiting_approval when any call waits for a person, with its
     * pending actions, a {@code tool_call_awaiting_client} or {@code approval_required} event per call and then
     * {@code suspended}, which ends the stream (the answer streams the rest). It keeps its hold, its checkpoint and
     * its session.
     */
    public Outcome suspend(ExecutionPlan plan, RunSuspended suspended) {
        String id = plan.executionId();
        awaitRecorded(plan);
        Instant now = Instant.now();
        Instant expires = now.plus(pendingActionTtl(plan));
        String onExpiry = plan.onExpiry() == null ? PendingAction.REJECT : plan.onExpiry();
        List<PendingAction> actions = new ArrayList<>();
        for (ToolCall call : suspended.calls()) {
            ExecuteRequest.ClientTool tool = plan.clientTools().stream().filter(t -> t.name().equals(call.name()))
                    .findFirst().orElse(null);
            actions.add(new PendingAction("pa_" + UUID.randomUUID(), PendingAction.CLIENT_TOOL, call.id(), call.name(),
                    arguments(call), tool == null ? null : tool.parameters(), now, expires, onExpiry, null, null, null));
        }
        for (RunState.Approval approval : suspended.approvals()) {
            ToolCall call = approval.call();
            actions.add(new PendingAction("pa_" + UUID.randomUUID(), PendingAction.APPROVAL, call.id(), call.name(),
                    arguments(call), APPROVAL_SCHEMA, now, expires, onExpiry, approval.reason(), null, null));
        }
        String status = suspended.approvals().isEmpty() ? ExecutionStatus.AWAITING_CLIENT_TOOL.wire()
                : ExecutionStatus.AWAITING_APPROVAL.wire();
        if (suspended.waitingNode() != null) {
            PendingAction action = waitingAction(plan, suspended.waitingNode(), suspended.state().waiting, now, expires,
                    onExpiry);
            actions.add(action);
            status = PendingAction.EXTERNAL_EVENT.equals(action.kind())
                    ? ExecutionStatus.WAITING_FOR_EXTERNAL_EVENT.wire() : ExecutionStatus.AWAITING_APPROVAL.wire();
        }
        try {
            for (PendingAction action : actions) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("tool_call_id", action.toolCallId());
                data.put("name", action.tool());
                data.put("arguments", action.arguments());
                data.put("pending_action_id", action.id());
                if (action.reason() != null) {
                    data.put("reason", action.reason());
                }
                if (action.callbackUrl() != null) {
                    data.put("callback_url", action.callbackUrl());
                }
                data.put("answer_schema", action.answerSchema());
                data.put("expires_at", action.expiresAt().toString());
                streams.publish(id, switch (action.kind()) {
                    case PendingAction.APPROVAL -> "approval_required";
                    case PendingAction.EXTERNAL_EVENT -> "waiting_for_external_event";
                    default -> "tool_call_awaiting_client";
                }, data);
            }
            RunState state = suspended.state();
            // the hold outlives the actions by as long as the checkpoint does
            holds.keepUntil(plan, state, expires.plus(java.time.Duration.ofHours(1)));
            String suspendedAs = status;
            int events = streams.count(id) + 1;
            Optional<ExecutionView> view = written(() -> store.suspend(id, suspendedAs, actions, state.inputTokens,
                    state.outputTokens, events)).or(() -> ownCommit(plan, suspendedAs));
            if (view.isEmpty()) {
                // cancelled meanwhile: a hold that just became the run's own is released here (idempotent)
                releaseQuietly(plan.withHold(state.hold), "cancelled");
                return endedMeanwhile(plan);
            }
            checkpoints.keepUntil(id, expires.plus(java.time.Duration.ofHours(1)));
            if (plan.sessionId() != null) {
                // the session stays this run's until its actions expire: a new execute there names it (SESSION_BUSY)
                locks.hold(plan.caller().workspaceId(), plan.sessionId(), id,
                        java.time.Duration.between(Instant.now(), expires).plusMinutes(1));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", view.get().status());
            data.put("version", view.get().version());
            data.put("pending_actions", actions);
            streams.publish(id, "suspended", data);
            return new Outcome(view.get(), null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s could not be suspended", id);
            return fail(plan, "The execution could not wait for its pending actions.");
        } finally {
            counted(plan);
        }
    }

    /**
     * The action of a node that waits: a human gate is an approval whose answer is the node's form (its output
     * schema); an external event waits for the event the node names, posted with the workspace's key or to a
     * callback URL whose random token is the credential.
     */
    private PendingAction waitingAction(ExecutionPlan plan, Graph.Node node, RunState.Waiting waiting, Instant now,
                                        Instant expires, String onExpiry) {
        ObjectNode arguments = mapper.createObjectNode().put("node", node.name());
        if (node.description() != null) {
            arguments.put("description", node.description());
        }
        if (node.kind() == Graph.Kind.HUMAN_GATE) {
            ObjectNode schema = APPROVAL_SCHEMA.deepCopy();
            JsonNode form = node.outputSchema() == null ? mapper.createObjectNode().put("type", "object") : node.outputSchema();
            ((ObjectNode) schema.get("properties")).set("tool_args", form);
            return new PendingAction("pa_" + UUID.randomUUID(), PendingAction.APPROVAL, waiting.id(), "human_gate",
                    arguments, schema, now, expires, onExpiry,
                    node.description() != null ? node.description() : "The workflow waits for a person at '" + node.name() + "'.",
                    null, null);
        }
        arguments.put("event", node.event());
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String url = engine.publicUrl().replaceAll("/+$", "") + "/v1/executions/" + plan.executionId()
                + "/external-events/" + token;
        JsonNode payload = node.outputSchema() == null ? mapper.createObjectNode().put("type", "object") : node.outputSchema();
        return new PendingAction("pa_" + UUID.randomUUID(), PendingAction.EXTERNAL_EVENT, waiting.id(), node.event(),
                arguments, payload, now, expires, onExpiry, "The workflow waits for the event '" + node.event() + "'.",
                url, token);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** How long a pending action waits: the request's pending_action_ttl, the agent's, or the engine's default. */
    private java.time.Duration pendingActionTtl(ExecutionPlan plan) {
        if (plan.pendingActionTtl() != null) {
            return java.time.Duration.ofSeconds(plan.pendingActionTtl());
        }
        var config = plan.agent().config();
        return config != null && config.pendingActionTtl() != null
                ? java.time.Duration.ofSeconds(config.pendingActionTtl()) : engine.pendingActionTtl();
    }

    /** What a person answers on an approval: confirm or reject, and optionally the arguments the call runs with. */
    private static final JsonNode APPROVAL_SCHEMA = new ObjectMapper().createObjectNode()
            .put("type", "object")
            .<ObjectNode>set("required", new ObjectMapper().createArrayNode().add("confirmed"))
            .set("properties", new ObjectMapper().createObjectNode()
                    .<ObjectNode>set("confirmed", new ObjectMapper().createObjectNode().put("type", "boolean"))
                    .set("tool_args", new ObjectMapper().createObjectNode().put("type", "object")
                            .put("description", "the arguments the call runs with, when edited")));

    /**
     * A suspended run its answers called off (every approval rejected: seed 004's "Tool execution cancelled by
     * user.", or an action expired with on_expiry cancel): cancelled, its hold released, its session free.
     */
    public Outcome cancelSuspended(ExecutionPlan plan, String message) {
        String id = plan.executionId();
        try {
            checkpoints.delete(id);
            releaseQuietly(plan, "cancelled");
            Optional<ExecutionView> cancelled = store.cancelSuspended(id, message, streams.lastSeq(id) + 1);
            if (cancelled.isEmpty()) {
                return endedMeanwhile(plan);
            }
            streams.resume(id);
            streams.publish(id, "error", ExecutionStreams.errorData("cancelled", "EXECUTION_CANCELLED", message));
            return new Outcome(cancelled.get(), null);
        } finally {
            unlock(plan);
        }
    }

    private JsonNode arguments(ToolCall call) {
        try {
            return mapper.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(call.arguments());
        }
    }

    private static String messageId() {
        return "msg_" + UUID.randomUUID();
    }

    /** The messages the run produced, each naming its node in a workflow; the last one (the answer) is {@code answerId}. */
    private String messagesJson(RunResult result, String answerId) {
        Instant now = Instant.now();
        List<ExecutionView.Message> messages = new ArrayList<>();
        List<Turn> turns = result.turns();
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            String node = result.workflow() ? turn.node() : null;
            String id = answerId != null && i == turns.size() - 1 ? answerId : messageId();
            messages.add(new ExecutionView.Message(id, turn.role(), turn.text(), now, node,
                    turn.callsTools() ? mapper.valueToTree(turn.toolCalls()) : null, turn.toolCallId(), turn.toolName()));
        }
        try {
            return mapper.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String stepsJson(RunResult result) {
        ObjectNode run = mapper.createObjectNode();
        run.set("path", mapper.valueToTree(result.path()));
        run.set("steps", mapper.valueToTree(result.steps()));
        return run.toString();
    }

    /** The run's phases, once: a completion that failed late ends through {@link #fail} as well. */
    private void counted(ExecutionPlan plan) {
        if (plan.phases().nanos(RunPhases.Phase.TOTAL) < 0) {
            plan.phases().sinceStart(RunPhases.Phase.TOTAL);
            metrics.record(plan.mode(), plan.phases());
        }
    }

    /**
     * The writes that end a run (complete, stop, fail, suspend), each attempt a transaction of its own: a database
     * that is briefly away (a dropped connection, a restart, a failover) does not leave the run in_progress for
     * ever. An attempt whose commit went through unseen finds the run ended already and answers it as it is.
     */
    private static final Guard FINAL_WRITE = Guard.create().withRetry().maxRetries(20)
            .delay(500, ChronoUnit.MILLIS).jitter(250, ChronoUnit.MILLIS).maxDuration(30, ChronoUnit.SECONDS)
            .whenException(SqlErrors::isTransient).done().build();
    private static final TypeLiteral<Optional<ExecutionView>> VIEW = new TypeLiteral<>() {
    };

    private static Optional<ExecutionView> written(Supplier<Optional<ExecutionView>> write) {
        return FINAL_WRITE.get(write, VIEW);
    }

    /**
     * The run as stored when a retried write found it ended already and it ended as this write meant to end it: the
     * earlier attempt's commit went through although its answer was lost. Empty when something else ended it.
     */
    private Optional<ExecutionView> ownCommit(ExecutionPlan plan, String status) {
        return store.find(plan.caller().workspaceId(), plan.executionId()).filter(v -> status.equals(v.status()));
    }

    /**
     * Waits for the row of a run that was written while the model worked. When it could not be written,
     * the run never existed: its hold goes back to the lease, its stream ends with an error, its session
     * is free, and the caller gets 503.
     */
    private void awaitRecorded(ExecutionPlan plan) {
        if (plan.recorded() == null) {
            return;
        }
        try {
            Overlap.await(plan.recorded());
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s could not be recorded", plan.executionId());
            leases.undraw(plan.hold());
            streams.publish(plan.executionId(), "error",
                    ExecutionStreams.errorData("failed", ErrorCodes.SERVICE_UNAVAILABLE, NOT_RECORDED));
            unlock(plan);
            throw new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, NOT_RECORDED);
        }
    }

    private static final String NOT_RECORDED =
            "The execution could not be recorded, so it was not run to the end and nothing was charged; try again.";

    /**
     * The outcome of a run that was ended before it could record its end: cancelled, or failed by a sweep
     * that took this replica for gone. Its stream here ends too, when the replica that ended it could not.
     */
    private Outcome endedMeanwhile(ExecutionPlan plan) {
        ExecutionView view = store.find(plan.caller().workspaceId(), plan.executionId()).orElseThrow();
        if (view.error() != null) {
            streams.publishIfOpen(plan.executionId(), "error",
                    ExecutionStreams.errorData(view.status(), view.error().code(), view.error().message()));
        }
        return new Outcome(view, null);
    }

    public void releaseQuietly(ExecutionPlan plan, String reason) {
        if (plan.hold() != null && plan.hold().leased()) {
            // billing releases a hold drawn from a lease when it reads the failed agent.executed
            return;
        }
        try {
            credits.release(plan.caller(), plan.executionId(), reason);
        } catch (RuntimeException e) {
            // the hold expires on its own (reservation TTL); nothing is charged
            LOG.warnf("could not release credits of %s: %s", plan.executionId(), e.getMessage());
        }
    }

    private void unlock(ExecutionPlan plan) {
        if (plan.sessionId() != null) {
            try {
                locks.release(plan.caller().workspaceId(), plan.sessionId(), plan.executionId());
            } catch (RuntimeException e) {
                LOG.warnf("could not unlock session %s: %s", plan.sessionId(), e.getMessage());
            }
        }
    }
}
