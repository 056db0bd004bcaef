package dev.agentplane.execution.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.llm.LlmFailure;
import dev.agentplane.execution.llm.LlmGateway;
import dev.agentplane.execution.llm.LlmResult;
import dev.agentplane.execution.llm.StreamSink;
import dev.agentplane.execution.session.RunMessage;
import dev.agentplane.execution.session.SessionClient;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
    SessionClient sessions;
    @Inject
    SessionLocks locks;
    @Inject
    ExecutionStreams streams;
    @Inject
    LlmGateway llm;
    @Inject
    Cancellations cancellations;
    @Inject
    ObjectMapper mapper;
    @Inject
    ManagedExecutor executor;

    /** Session lock, credit hold and the execution row; on any refusal nothing is left behind. */
    public void begin(ExecutionPlan plan, Object queuedWorkItem) {
        if (plan.sessionId() != null) {
            locks.acquire(plan.sessionId(), plan.executionId(), plan.enqueue());
        }
        boolean reserved = false;
        try {
            credits.reserve(plan.caller(), plan.executionId(), plan.reserve());
            reserved = true;
            ExecutionEntity row = entity(plan);
            if (queuedWorkItem != null) {
                store.createQueued(row, queuedWorkItem);
                return;
            }
            streams.open(plan.executionId());
            store.createRunning(row);
        } catch (RuntimeException e) {
            if (reserved) {
                releaseQuietly(plan, "not started");
            }
            unlock(plan);
            throw e;
        }
        started(plan);
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
            return fail(plan, failure.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s failed unexpectedly", plan.executionId());
            return fail(plan, "The execution failed unexpectedly.");
        }
        return finish(plan, result);
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
                executor.execute(() -> finish(plan, result));
            }

            @Override
            public void onError(LlmFailure failure) {
                executor.execute(() -> fail(plan, failure.getMessage()));
            }
        });
    }

    Outcome finish(ExecutionPlan plan, LlmResult result) {
        String id = plan.executionId();
        try {
            if (cancellations.isCancelled(id)) {
                return cancelledOutcome(plan);
            }
            JsonNode parsed = plan.format() == null ? null : parse(result.text());
            Instant now = Instant.now();
            ExecutionView.Message answer = new ExecutionView.Message("msg_" + UUID.randomUUID(), "assistant",
                    result.text(), now);
            if (plan.sessionId() != null) {
                sessions.appendRun(plan.caller(), plan.sessionId(), id, List.of(
                        new RunMessage("user", TextNode.valueOf(plan.input().text()), null, null, null),
                        new RunMessage("assistant", TextNode.valueOf(result.text()), null, null,
                                new RunMessage.Usage(result.inputTokens(), result.outputTokens(),
                                        result.inputTokens() + result.outputTokens()))));
            }
            long cost = credits.estimate(plan.caller(), plan.model().model(), result.inputTokens(),
                    result.outputTokens()).amount();
            long remaining = credits.capture(plan.caller(), id, cost);
            int events = streams.count(id) + 1;
            boolean completed = store.complete(id, new ExecutionStore.Completion(result.text(),
                    parsed == null ? null : parsed.toString(), mapper.writeValueAsString(List.of(answer)),
                    result.inputTokens(), result.outputTokens(), cost, events));
            if (!completed) {
                return cancelledOutcome(plan);
            }
            ExecutionView view = store.find(plan.caller().workspaceId(), id).orElseThrow();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", view.status());
            data.put("output", view.output());
            data.put("usage", view.usage());
            data.put("cost", cost);
            data.put("credits_remaining", remaining);
            data.put("latency_ms", view.latencyMs());
            streams.publish(id, "final", data);
            return new Outcome(view, remaining);
        } catch (ApiException e) {
            LOG.warnf("execution %s could not be completed: %s %s", id, e.code(), e.getMessage());
            return fail(plan, e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "execution %s could not be completed", id);
            return fail(plan, "The execution could not be completed.");
        } finally {
            unlock(plan);
        }
    }

    /** Refunds the hold, records the failure and ends the stream with an error event. */
    public Outcome fail(ExecutionPlan plan, String message) {
        String id = plan.executionId();
        try {
            releaseQuietly(plan, "execution failed");
            boolean failed = store.fail(id, "EXECUTION_FAILED", message, streams.count(id) + 1);
            if (!failed) {
                return cancelledOutcome(plan);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", "failed");
            data.put("code", "EXECUTION_FAILED");
            data.put("message", message);
            streams.publish(id, "error", data);
            return new Outcome(store.find(plan.caller().workspaceId(), id).orElseThrow(), null);
        } finally {
            unlock(plan);
        }
    }

    private Outcome cancelledOutcome(ExecutionPlan plan) {
        return new Outcome(store.find(plan.caller().workspaceId(), plan.executionId()).orElseThrow(), null);
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private void releaseQuietly(ExecutionPlan plan, String reason) {
        try {
            credits.release(plan.caller(), plan.executionId(), reason);
        } catch (RuntimeException e) {
            // the hold expires on its own (reservation TTL); nothing is charged
            LOG.warnf("could not release credits of %s: %s", plan.executionId(), e.getMessage());
        }
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
