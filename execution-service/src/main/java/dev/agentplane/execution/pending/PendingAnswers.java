package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.engine.Checkpoints;
import dev.agentplane.execution.engine.RunEngine;
import dev.agentplane.execution.engine.RunState;
import dev.agentplane.execution.ending.RunEnding;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.execution.PendingActions;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.run.ExecutionRunner;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers of a suspended run's pending actions: client tool results (seed 003) and a person's decisions on
 * approvals (seed 004, governance). Each action is answered once (a repeat or a late answer gets 409 with what was
 * recorded; the same Idempotency-Key gets the first answer again); an answer may name the execution's version
 * (If-Match) and is refused when it is stale. The answer that leaves none open moves the run on — in the same
 * transaction, on the locked row, so exactly one answer does it: back to in_progress on this replica, going on from
 * its checkpoint on a worker thread; or, when it only waited for approvals and every one was rejected, cancelled
 * with seed 004's "Tool execution cancelled by user.".
 */
@ApplicationScoped
public class PendingAnswers {
    private static final Logger LOG = Logger.getLogger(PendingAnswers.class);
    static final String CANCELLED_BY_USER = "Tool execution cancelled by user.";
    /** An answer's outcomes: a client tool's result, a person's decision. */
    static final String SUCCESS = "success";
    static final String CONFIRMED = "confirmed";
    static final String REJECTED = "rejected";
    /** An approval no one decided on in time (on_expiry reject): the call does not run, the run goes on. */
    static final String EXPIRED = "expired";
    /** An external event that arrived. */
    static final String RECEIVED = "received";
    static final String HUMAN_GATE = "human_gate";

    @Inject
    ExecutionStore store;
    @Inject
    PendingActions actions;
    @Inject
    Checkpoints checkpoints;
    @Inject
    RunEngine engine;
    @Inject
    ExecutionRunner runner;
    @Inject
    RunEnding ending;
    @Inject
    ExecutionStreams streams;
    @Inject
    ObjectMapper mapper;

    /** One answer: of a client tool call (outcome success | error, the result) or an approval (confirmed | rejected, edited args). */
    public record Answer(String toolCallId, String kind, String outcome, String result) {
    }

    /** What an answer did: the run's status after it, the calls still open, its version, and where a resumed run's events go on. */
    public record Answered(String executionId, String status, List<String> open, int version, long resumedAfter) {
        boolean resumed() {
            return ExecutionStatus.IN_PROGRESS.wire().equals(status) && resumedAfter >= 0;
        }
    }

    private enum Next { WAIT, RESUME, CANCEL }

    private record Recorded(Answered answered, Next next, String why) {
        Recorded(Answered answered, Next next) {
            this(answered, next, null);
        }
    }

    public Answered answer(String workspaceId, String executionId, List<Answer> answers, Integer expectedVersion,
                           String idempotencyKey) {
        Recorded recorded = QuarkusTransaction.requiringNew().call(() -> record(workspaceId, executionId, answers,
                expectedVersion, idempotencyKey));
        switch (recorded.next()) {
            case RESUME -> {
                try {
                    resume(executionId);
                } catch (RuntimeException e) {
                    unresumable(executionId, e);
                    throw e;
                }
            }
            case CANCEL -> {
                var checkpoint = checkpoints.load(executionId);
                var view = checkpoint.isPresent()
                        ? ending.cancelSuspended(checkpoint.get().plan().toPlan(), recorded.why()).execution()
                        // no plan to release the hold with: billing lets it expire
                        : store.cancelSuspended(executionId, recorded.why(), streams.lastSeq(executionId) + 1).orElseThrow();
                return new Answered(executionId, view.status(), List.of(), view.version(), -1);
            }
            case WAIT -> {
            }
        }
        return recorded.answered();
    }

    private Recorded record(String workspaceId, String executionId, List<Answer> answers, Integer expectedVersion,
                            String key) {
        ExecutionEntity e = store.lockInWorkspace(workspaceId, executionId).orElseThrow(() -> ApiException.notFound(
                "EXECUTION_NOT_FOUND", "No execution '" + executionId + "' exists in this workspace."));
        if (key != null && repeated(executionId, answers, key)) {
            // the same request again (a retry after a lost answer): what it did the first time, nothing more
            return new Recorded(new Answered(executionId, e.status, actions.open(executionId), e.version,
                    ExecutionStatus.IN_PROGRESS.wire().equals(e.status) ? streams.storedCount(executionId) : -1), Next.WAIT);
        }
        for (Answer answer : answers) {
            var recorded = actions.answered(executionId, answer.toolCallId());
            if (recorded.isPresent()) {
                throw new ApiException(409, "ACTION_ALREADY_ANSWERED", "The call '" + answer.toolCallId()
                        + "' was answered already (outcome " + recorded.get().outcome() + ").", List.of(),
                        Map.of("tool_call_id", answer.toolCallId(), "outcome", recorded.get().outcome()));
            }
        }
        if (!ExecutionStatus.isSuspended(e.status)) {
            throw new ApiException(409, "EXECUTION_NOT_AWAITING", "Execution '" + executionId + "' is " + e.status
                    + ", not waiting for answers.", List.of(), Map.of("status", e.status));
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new ApiException(409, "STALE_EXECUTION_VERSION", "Execution '" + executionId + "' is at version "
                    + e.version + ", not " + expectedVersion + ": read it again and answer what is still open.",
                    List.of(), Map.of("version", e.version));
        }
        for (Answer answer : answers) {
            if (!actions.answer(executionId, answer.toolCallId(), answer.kind(), answer.outcome(), answer.result(), key)) {
                String kind = actions.kind(executionId, answer.toolCallId()).orElseThrow(() -> ApiException.notFound(
                        "TOOL_CALL_NOT_FOUND", "Execution '" + executionId + "' waits for no call '"
                                + answer.toolCallId() + "'."));
                throw new ApiException(409, "WRONG_ACTION_KIND", "The call '" + answer.toolCallId() + "' waits for "
                        + (PendingAction.APPROVAL.equals(kind) ? "an approval (POST …/approval)"
                        : "a client tool result (POST …/tool-result)") + ".", List.of(), Map.of("kind", kind));
            }
        }
        e.version++;
        List<String> open = actions.open(executionId);
        if (!open.isEmpty()) {
            return new Recorded(new Answered(executionId, e.status, open, e.version, -1), Next.WAIT);
        }
        List<PendingActions.Answered> all = actions.answers(executionId);
        var refused = all.stream().filter(a -> waits(a) && !CONFIRMED.equals(a.outcome()) && !RECEIVED.equals(a.outcome()))
                .findFirst();
        if (refused.isPresent()) {
            // a human gate rejected, or a wait that expired: the workflow has nothing to go on with
            return new Recorded(null, Next.CANCEL, HUMAN_GATE.equals(refused.get().tool())
                    ? "The person at the human gate did not let the run go on (" + refused.get().outcome() + ")."
                    : "The event '" + refused.get().tool() + "' did not arrive in time.");
        }
        boolean onlyApprovals = all.stream().allMatch(a -> PendingAction.APPROVAL.equals(a.kind()));
        if (onlyApprovals && all.stream().allMatch(a -> REJECTED.equals(a.outcome())) && !skipsInDoubt(executionId, all)) {
            return new Recorded(null, Next.CANCEL, CANCELLED_BY_USER);
        }
        store.resumed(e);
        return new Recorded(new Answered(executionId, e.status, open, e.version, streams.lastSeq(executionId)),
                Next.RESUME);
    }

    /** Whether the rejections skip calls found in doubt after a crash: the run goes on without them, it is not called off. */
    private boolean skipsInDoubt(String executionId, List<PendingActions.Answered> answers) {
        var inDoubt = checkpoint(executionId).state().inDoubt;
        return answers.stream().anyMatch(a -> inDoubt.contains(a.toolCallId()));
    }

    /** Whether the action is a waiting node's (a human gate, an external event) rather than a tool call's. */
    private static boolean waits(PendingActions.Answered a) {
        return PendingAction.EXTERNAL_EVENT.equals(a.kind()) || HUMAN_GATE.equals(a.tool());
    }

    /**
     * An external event posted with the workspace's key: the open action of the run that waits for {@code name}
     * takes the payload as its answer.
     */
    public Answered event(String workspaceId, String executionId, String name, JsonNode payload, Integer expectedVersion,
                          String key) {
        PendingActions.Open open = QuarkusTransaction.requiringNew().call(() -> actions.awaitingEvent(executionId, name))
                .filter(o -> o.workspaceId().equals(workspaceId))
                .orElseThrow(() -> ApiException.notFound("EVENT_NOT_AWAITED", "Execution '" + executionId
                        + "' waits for no event '" + name + "'."));
        return answer(workspaceId, executionId, List.of(new Answer(open.toolCallId(), PendingAction.EXTERNAL_EVENT,
                RECEIVED, payload.toString())), expectedVersion, key);
    }

    /** An external event posted to a callback URL: the token names the run's action and is its only credential. */
    public Answered callback(String executionId, String token, String name, JsonNode payload) {
        PendingActions.Open open = QuarkusTransaction.requiringNew().call(() -> actions.byCallbackToken(executionId, token))
                .orElseThrow(() -> ApiException.notFound("CALLBACK_NOT_FOUND", "No such callback."));
        if (name != null && !name.equals(open.tool())) {
            throw ApiException.invalid("name", "this callback is for the event '" + open.tool() + "'");
        }
        return answer(open.workspaceId(), executionId, List.of(new Answer(open.toolCallId(), PendingAction.EXTERNAL_EVENT,
                RECEIVED, payload.toString())), null, null);
    }

    /** Whether every call of the request was answered before under this Idempotency-Key. */
    private boolean repeated(String executionId, List<Answer> answers, String key) {
        return answers.stream().allMatch(a -> actions.answered(executionId, a.toolCallId())
                .map(r -> key.equals(r.key())).orElse(false));
    }

    /**
     * An action that expired with on_expiry cancel or fail: recorded as expired with every other open action of the
     * run closed (on the locked row, so no answer can move the run on meanwhile), then the run ends so.
     */
    void endOnExpiry(PendingActions.Expired expired) {
        boolean ends = QuarkusTransaction.requiringNew().call(() -> {
            ExecutionEntity e = store.lockInWorkspace(expired.workspaceId(), expired.executionId()).orElse(null);
            if (e == null || !ExecutionStatus.isSuspended(e.status) || !actions.answer(expired.executionId(),
                    expired.toolCallId(), expired.kind(), EXPIRED, null, null)) {
                return false;
            }
            actions.close(expired.executionId());
            e.version++;
            return true;
        });
        if (!ends) {
            return;
        }
        String why = "The pending action for call '" + expired.toolCallId() + "' expired unanswered (on_expiry "
                + expired.onExpiry() + ").";
        var checkpoint = checkpoints.load(expired.executionId());
        if (checkpoint.isEmpty()) {
            unresumable(expired.executionId(), new IllegalStateException("no checkpoint"));
            return;
        }
        ExecutionPlan plan = checkpoint.get().plan().toPlan();
        streams.resume(expired.executionId());
        if (PendingAction.CANCEL.equals(expired.onExpiry())) {
            ending.cancelSuspended(plan, why);
        } else {
            ending.fail(plan, "PENDING_ACTION_EXPIRED", why);
        }
    }

    /**
     * A run whose answers are all in but which cannot go on (its checkpoint expired or Redis lost it) fails at once
     * instead of staying in_progress on a live replica that will never step it; its hold expires in billing.
     */
    private void unresumable(String executionId, RuntimeException cause) {
        LOG.errorf(cause, "execution %s could not be resumed after its answers", executionId);
        store.fail(executionId, "EXECUTION_NOT_RESUMABLE", "The execution could not go on after its answers: its "
                + "checkpoint is gone.", (int) streams.lastSeq(executionId) + 1);
    }

    /** Closes what a run that ended without its answers still had open (the expiry sweep finds nothing more). */
    public void close(String executionId) {
        QuarkusTransaction.requiringNew().run(() -> actions.close(executionId));
    }

    private Checkpoints.Resumable checkpoint(String executionId) {
        return checkpoints.load(executionId).orElseThrow(() -> new ApiException(409,
                "EXECUTION_NOT_RESUMABLE", "Execution '" + executionId + "' has no checkpoint to go on from."));
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    /** Feeds every answer to the checkpointed run and goes on with it on a worker thread. */
    private void resume(String executionId) {
        Checkpoints.Resumable checkpoint = checkpoint(executionId);
        Map<String, ToolResult> results = new HashMap<>();
        Map<String, RunState.Decision> decisions = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        checkpoint.state().awaiting.forEach(c -> names.put(c.id(), c.name()));
        JsonNode waited = null;
        for (var a : actions.answers(executionId)) {
            if (waits(a)) {
                waited = a.result() == null ? mapper.createObjectNode() : read(a.result());
                continue;
            }
            if (PendingAction.APPROVAL.equals(a.kind())) {
                decisions.put(a.toolCallId(), new RunState.Decision(CONFIRMED.equals(a.outcome()), a.result()));
                continue;
            }
            ToolCall call = new ToolCall(a.toolCallId(), names.getOrDefault(a.toolCallId(), "client_tool"), null);
            results.put(a.toolCallId(), SUCCESS.equals(a.outcome()) ? ToolResult.ok(call, a.result())
                    : ToolResult.error(call, a.result()));
        }
        RunState state = engine.answered(checkpoint.state(), results, decisions, waited);
        checkpoints.save(executionId, state);
        ExecutionPlan plan = checkpoint.plan().toPlan();
        runner.resumeLater(plan, state);
    }
}
