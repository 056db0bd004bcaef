package dev.agentplane.execution.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.guard.IdempotencyGuard;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.ExecutionPlanner;
import dev.agentplane.execution.intake.RequestChecks;
import dev.agentplane.execution.intake.UserInput;
import dev.agentplane.execution.intake.WorkItem;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.execution.stream.StreamFrame;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.request.RequestIds;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The execute use cases: sync, streamed and async, behind the idempotency guard. */
@ApplicationScoped
public class ExecuteService {
    @Inject
    RequestChecks checks;
    @Inject
    ExecutionPlanner planner;
    @Inject
    ExecutionRunner runner;
    @Inject
    IdempotencyGuard idempotency;
    @Inject
    ExecutionStreams streams;
    @Inject
    ObjectMapper mapper;

    /** Where to run: an agent (stateless or conversation) or a session. */
    public record Target(String agentId, String sessionId) {
        public static Target agent(String id) {
            return new Target(id, null);
        }

        public static Target session(String id) {
            return new Target(null, id);
        }

        String path() {
            return agentId != null ? "agents/" + agentId : "sessions/" + sessionId;
        }
    }

    /** Runs to the end on this thread. */
    public Outcome executeSync(Caller caller, Target target, ExecuteRequest request, String idempotencyKey) {
        ExecutionPlan plan = prepare(caller, target, request, idempotencyKey, "sync", false, null);
        return runner.runBlocking(plan).withPhases(plan.phases());
    }

    /** Starts the run and returns its event stream from the first event. */
    public Multi<StreamFrame> executeStreaming(Caller caller, Target target, ExecuteRequest request,
                                               String idempotencyKey) {
        ExecutionPlan plan = prepare(caller, target, request, idempotencyKey, "stream", false, null);
        runner.runStreaming(plan);
        return streams.follow(plan.executionId(), 0, false);
    }

    /** Queues the run on execution.requests; returns the new execution id. */
    public String executeAsync(Caller caller, Target target, ExecuteRequest request, String idempotencyKey) {
        return prepare(caller, target, request, idempotencyKey, "async", true, null).executionId();
    }

    /** One item of a batch, run to the end on this thread. */
    public Outcome executeBatchItem(Caller caller, String agentId, ExecuteRequest request, String batchId) {
        return runner.runBlocking(prepare(caller, Target.agent(agentId), request, null, "batch", false, batchId));
    }

    private ExecutionPlan prepare(Caller caller, Target target, ExecuteRequest request, String idempotencyKey,
                                  String mode, boolean queued, String batchId) {
        UserInput input = checks.check(request);
        String executionId = UUID.randomUUID().toString();
        if (idempotencyKey != null) {
            idempotency.claim(caller.workspaceId(), idempotencyKey, fingerprint(target, request), executionId);
        }
        try {
            ExecutionPlan plan = planner.plan(caller, target.agentId(), target.sessionId(), request, input,
                    executionId, mode).withBatch(batchId);
            WorkItem item = queued ? new WorkItem(executionId, caller, target.agentId(), plan.sessionId(), request,
                    RequestIds.current(), null) : null;
            // a key's claim must never point at an execution that was not recorded: record before running then
            return runner.begin(plan, item, idempotencyKey == null);
        } catch (RuntimeException e) {
            if (idempotencyKey != null) {
                // refused before an execution existed (404, 402, 409 ...): the same key may be used again
                idempotency.forget(caller.workspaceId(), idempotencyKey, executionId);
            }
            throw e;
        }
    }

    private String fingerprint(Target target, ExecuteRequest request) {
        try {
            return IdempotencyGuard.fingerprint(target.path(), mapper.writeValueAsString(request));
        } catch (Exception e) {
            throw new ApiException(400, "INVALID_INPUT", "The request cannot be fingerprinted.", List.of(), Map.of());
        }
    }
}
