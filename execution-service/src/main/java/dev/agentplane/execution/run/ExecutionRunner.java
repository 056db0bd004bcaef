package dev.agentplane.execution.run;

import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.llm.LlmFailure;
import dev.agentplane.execution.llm.LlmGateway;
import dev.agentplane.execution.llm.LlmResult;
import dev.agentplane.execution.llm.StreamSink;
import dev.agentplane.execution.stream.ExecutionStreams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs planned executions: takes the session, holds credits, records the start, calls the model
 * (blocking or streamed), then appends history, charges the actual cost and records the end — or
 * refunds and records the failure. Stream events go out as they happen.
 */
@ApplicationScoped
public class ExecutionRunner {
    private static final Logger LOG = Logger.getLogger(ExecutionRunner.class);

    @Inject
    ExecutionStore store;
    @Inject
    Credits credits;
    @Inject
    SessionLocks locks;
    @Inject
    ExecutionStreams streams;
    @Inject
    LlmGateway llm;
    @Inject
    Cancellations cancellations;
    @Inject
    RunEnding ending;
    @Inject
    ManagedExecutor executor;

    /**
     * Session lock, credit hold and the execution row; on any refusal nothing is left behind. Returns
     * the plan with its hold.
     */
    public ExecutionPlan begin(ExecutionPlan planned, WorkItem queuedWorkItem) {
        ExecutionPlan plan = planned;
        if (plan.sessionId() != null) {
            locks.acquire(plan.sessionId(), plan.executionId(), plan.enqueue());
        }
        boolean reserved = false;
        try {
            plan = plan.withHold(credits.reserve(plan.caller(), plan.executionId(), new Credits.Charge(
                    plan.agent().id(), plan.model().model(), plan.inputTokens(), plan.model().maxTokens())));
            reserved = true;
            ExecutionEntity row = entity(plan);
            if (queuedWorkItem != null) {
                store.createQueued(row, queuedWorkItem.withHold(plan.hold()));
                return plan;
            }
            streams.open(plan.executionId());
            store.createRunning(row);
        } catch (RuntimeException e) {
            if (reserved) {
                ending.releaseQuietly(plan, "failed");
            }
            unlock(plan);
            throw e;
        }
        started(plan);
        return plan;
    }

    /** Announces a running execution on its stream. */
    public void started(ExecutionPlan plan) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", "in_progress");
        data.put("agent_id", plan.agent().id());
        data.put("agent_version", plan.agent().version());
        data.put("session_id", plan.sessionId());
        streams.publish(plan.executionId(), "start", data);
    }

    /** Runs on the calling (worker) thread until the execution ends. */
    public Outcome runBlocking(ExecutionPlan plan) {
        LlmResult result;
        try {
            result = llm.chat(plan.model(), plan.prompt(), plan.format());
        } catch (LlmFailure failure) {
            return ending.fail(plan, failure.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s failed unexpectedly", plan.executionId());
            return ending.fail(plan, "The execution failed unexpectedly.");
        }
        return ending.finish(plan, result);
    }

    /** Starts a streamed run and returns at once; tokens are relayed as the provider sends them. */
    public void runStreaming(ExecutionPlan plan) {
        llm.stream(plan.model(), plan.prompt(), plan.format(), new StreamSink() {
            @Override
            public void onText(String chunk) {
                if (!cancellations.isCancelled(plan.executionId())) {
                    streams.publish(plan.executionId(), "text", Map.of("text", chunk));
                }
            }

            @Override
            public void onComplete(LlmResult result) {
                executor.execute(() -> ending.finish(plan, result));
            }

            @Override
            public void onError(LlmFailure failure) {
                executor.execute(() -> ending.fail(plan, failure.getMessage()));
            }
        });
    }

    /** Refunds the hold, records the failure and ends the stream with an error event. */
    public Outcome fail(ExecutionPlan plan, String message) {
        return ending.fail(plan, message);
    }

    void unlock(ExecutionPlan plan) {
        if (plan.sessionId() != null) {
            try {
                locks.release(plan.sessionId(), plan.executionId());
            } catch (RuntimeException e) {
                LOG.warnf("could not unlock session %s: %s", plan.sessionId(), e.getMessage());
            }
        }
    }

    private static ExecutionEntity entity(ExecutionPlan plan) {
        ExecutionEntity e = new ExecutionEntity();
        e.id = plan.executionId();
        e.workspaceId = plan.caller().workspaceId();
        e.tenantId = plan.caller().tenantId();
        e.agentId = plan.agent().id();
        e.agentVersion = plan.agent().version();
        e.sessionId = plan.sessionId();
        e.batchId = plan.batchId();
        e.mode = plan.mode();
        e.model = plan.model().model();
        e.correlationId = plan.correlationId();
        e.createdAt = Instant.now();
        return e;
    }
}
