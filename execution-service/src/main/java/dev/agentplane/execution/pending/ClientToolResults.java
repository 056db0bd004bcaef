package dev.agentplane.execution.pending;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.engine.Checkpoints;
import dev.agentplane.execution.engine.RunEngine;
import dev.agentplane.execution.engine.RunState;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionStore;
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
import org.eclipse.microprofile.context.ManagedExecutor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers of a suspended run's client tool calls. Each is recorded once (a repeat or a late answer gets 409 with
 * what was recorded); the answer that leaves none open moves the run back to in_progress on this replica — in the
 * same transaction, on the locked row, so exactly one answer resumes it — and the run goes on from its checkpoint
 * on a worker thread, on whichever replica got that answer.
 */
@ApplicationScoped
public class ClientToolResults {
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
    ExecutionStreams streams;
    @Inject
    ManagedExecutor executor;
    @Inject
    ObjectMapper mapper;

    /** What an answer did: the calls still open, and for a resumed run the stream position it goes on after. */
    public record Answered(String executionId, String status, List<String> open, long resumedAfter) {
        boolean resumed() {
            return open.isEmpty();
        }
    }

    public Answered answer(String workspaceId, String executionId, List<ToolResultRequest> results) {
        Answered answered = QuarkusTransaction.requiringNew().call(() -> record(workspaceId, executionId, results));
        if (answered.resumed()) {
            resume(executionId);
        }
        return answered;
    }

    private Answered record(String workspaceId, String executionId, List<ToolResultRequest> results) {
        ExecutionEntity e = store.lockInWorkspace(workspaceId, executionId).orElseThrow(() -> ApiException.notFound(
                "EXECUTION_NOT_FOUND", "No execution '" + executionId + "' exists in this workspace."));
        for (ToolResultRequest result : results) {
            var recorded = actions.answered(executionId, result.toolCallId());
            if (recorded.isPresent()) {
                throw new ApiException(409, "TOOL_RESULT_ALREADY_RECORDED", "The call '" + result.toolCallId()
                        + "' has a result already (outcome " + recorded.get().outcome() + ").", List.of(),
                        Map.of("tool_call_id", result.toolCallId(), "outcome", recorded.get().outcome()));
            }
        }
        if (!ExecutionStatus.AWAITING_CLIENT_TOOL.wire().equals(e.status)) {
            throw new ApiException(409, "EXECUTION_NOT_AWAITING", "Execution '" + executionId + "' is " + e.status
                    + ", not waiting for client tools.", List.of(), Map.of("status", e.status));
        }
        for (ToolResultRequest result : results) {
            if (!actions.answer(executionId, result.toolCallId(), result.outcome(), text(result))) {
                throw ApiException.notFound("TOOL_CALL_NOT_FOUND", "Execution '" + executionId
                        + "' waits for no call '" + result.toolCallId() + "'.");
            }
        }
        List<String> open = actions.open(executionId);
        if (!open.isEmpty()) {
            return new Answered(executionId, e.status, open, -1);
        }
        store.resumed(e);
        return new Answered(executionId, e.status, open, streams.lastSeq(executionId));
    }

    /** Closes what a run that ended without its answers still had open (the expiry sweep finds nothing more). */
    public void close(String executionId) {
        QuarkusTransaction.requiringNew().run(() -> actions.close(executionId));
    }

    /** Feeds every answer to the checkpointed run and goes on with it on a worker thread. */
    private void resume(String executionId) {
        Checkpoints.Resumable checkpoint = checkpoints.load(executionId).orElseThrow(() -> new ApiException(409,
                "EXECUTION_NOT_RESUMABLE", "Execution '" + executionId + "' has no checkpoint to go on from."));
        Map<String, ToolResult> results = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        checkpoint.state().awaiting.forEach(c -> names.put(c.id(), c.name()));
        for (var a : actions.answers(executionId)) {
            ToolCall call = new ToolCall(a.toolCallId(), names.getOrDefault(a.toolCallId(), "client_tool"), null);
            results.put(a.toolCallId(), "success".equals(a.outcome()) ? ToolResult.ok(call, a.result())
                    : ToolResult.error(call, a.result()));
        }
        RunState state = engine.answered(checkpoint.state(), results);
        checkpoints.save(executionId, state);
        ExecutionPlan plan = checkpoint.plan().toPlan();
        executor.execute(() -> runner.resume(plan, state));
    }

    private String text(ToolResultRequest result) {
        if (result.result() == null || result.result().isNull()) {
            return "success".equals(result.outcome()) ? "{}" : "The client tool failed.";
        }
        return result.result().isTextual() ? result.result().asText() : result.result().toString();
    }
}
