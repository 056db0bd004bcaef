package dev.agentplane.execution.run;

import dev.agentplane.execution.billing.CreditLeases;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs planned executions: takes the session, holds credits, records the start, calls the model
 * (blocking or streamed), then appends history, charges the actual cost and records the end — or
 * refunds and records the failure. Stream events go out as they happen.
 */
@ApplicationScoped
public class ExecutionRunner {
    private static final Logger LOG = Logger.getLogger(ExecutionRunner.class);
    private static final Runnable NOTHING_TO_AWAIT = () -> {
    };

    @Inject
    ExecutionStore store;
    @Inject
    Credits credits;
    @Inject
    CreditLeases leases;
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
    @Inject
    Overlap overlap;

    /**
     * Credit hold and the execution row (the plan took the session); on any refusal nothing is left behind
     * and the session is free again. Returns the plan with its hold. An execution that runs now draws its
     * hold from this replica's credit lease; one that is queued, or that finds no lease, is held by billing
     * on its own.
     */
    public ExecutionPlan begin(ExecutionPlan planned, WorkItem queuedWorkItem, boolean recordWhileRunning) {
        Credits.Charge most = new Credits.Charge(planned.agent().id(), planned.model().model(),
                planned.inputTokens(), planned.model().maxTokens());
        Optional<Credits.Hold> leased;
        try {
            leased = queuedWorkItem == null ? leases.draw(planned.caller(), most) : Optional.empty();
        } catch (RuntimeException e) {
            unlock(planned);
            throw e;
        }
        if (leased.isPresent()) {
            return beginLeased(planned.withHold(leased.get()), recordWhileRunning);
        }
        CompletableFuture<Credits.Hold> hold = overlap.start(() -> {
            Credits.Hold held = credits.reserve(planned.caller(), planned.executionId(), most);
            leases.learn(planned.caller(), most.model(), held);
            return held;
        });
        ExecutionPlan plan;
        try {
            ExecutionEntity row = entity(planned);
            if (queuedWorkItem != null) {
                plan = planned.withHold(Overlap.await(hold));
                store.createQueued(row, queuedWorkItem.withHold(plan.hold()));
                return plan;
            }
            // the row is written while billing holds the credits, and commits only once they are held
            store.createRunning(row, () -> Overlap.await(hold));
            plan = planned.withHold(Overlap.await(hold));
        } catch (RuntimeException e) {
            if (heldDespite(hold)) {
                ending.releaseQuietly(planned, "failed");
            }
            unlock(planned);
            throw e;
        }
        streams.open(plan.executionId());
        started(plan);
        return plan;
    }

    /**
     * A run on a hold drawn from the lease; nothing waits for billing. With {@code recordWhileRunning} its row
     * is written while the model already works, and the run's end waits for it ({@link RunEnding}).
     */
    private ExecutionPlan beginLeased(ExecutionPlan plan, boolean recordWhileRunning) {
        ExecutionEntity row = entity(plan);
        row.leaseId = plan.hold().leaseId();
        row.holdAmount = plan.hold().amount();
        if (recordWhileRunning) {
            plan = plan.withRecording(overlap.start(() -> {
                store.createRunning(row, NOTHING_TO_AWAIT);
                return null;
            }));
        } else {
            try {
                store.createRunning(row, NOTHING_TO_AWAIT);
            } catch (RuntimeException e) {
                leases.undraw(plan.hold());
                unlock(plan);
                throw e;
            }
        }
        streams.open(plan.executionId());
        started(plan);
        return plan;
    }

    /** Whether the credits were held although what followed failed (they are given back then). */
    private static boolean heldDespite(CompletableFuture<Credits.Hold> hold) {
        try {
            hold.join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
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
        plan.phases().sinceStart(RunPhases.Phase.PREPARE);
        long modelCalled = System.nanoTime();
        try {
            result = llm.chat(plan.model(), plan.prompt(), plan.format());
            plan.phases().record(RunPhases.Phase.LLM, System.nanoTime() - modelCalled);
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
        plan.phases().sinceStart(RunPhases.Phase.PREPARE);
        long modelCalled = System.nanoTime();
        llm.stream(plan.model(), plan.prompt(), plan.format(), new StreamSink() {
            @Override
            public void onText(String chunk) {
                if (!cancellations.isCancelled(plan.executionId())) {
                    streams.publish(plan.executionId(), "text", Map.of("text", chunk));
                }
            }

            @Override
            public void onComplete(LlmResult result) {
                plan.phases().record(RunPhases.Phase.LLM, System.nanoTime() - modelCalled);
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
                locks.release(plan.caller().workspaceId(), plan.sessionId(), plan.executionId());
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
