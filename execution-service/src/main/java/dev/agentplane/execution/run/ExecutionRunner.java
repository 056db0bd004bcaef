package dev.agentplane.execution.run;

import dev.agentplane.execution.billing.CreditLeases;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.ending.RunEnding;
import dev.agentplane.execution.engine.HeldCalls;
import dev.agentplane.execution.engine.Overlap;
import dev.agentplane.execution.engine.RunEngine;
import dev.agentplane.execution.engine.RunResult;
import dev.agentplane.execution.engine.RunState;
import dev.agentplane.execution.engine.RunStopped;
import dev.agentplane.execution.engine.RunSuspended;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.RunPhases;
import dev.agentplane.execution.intake.WorkItem;
import dev.agentplane.execution.llm.LlmFailure;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.kit.error.ApiException;
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
 * Runs planned executions: holds credits (for the most the run's graph is expected to use), records the
 * start, runs the graph ({@link RunEngine}: blocking, or on a worker thread with tokens streamed), then
 * ends it ({@link RunEnding}: charge, history, the end recorded — or the refund and the failure). Stream
 * events go out as they happen.
 */
@ApplicationScoped
public class ExecutionRunner {
    /** The executions whose run is on a thread of this process now. */
    private final java.util.Set<String> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
    RunEngine engine;
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
        Credits.Charge most = HeldCalls.most(planned);
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
        plan.phases().sinceStart(RunPhases.Phase.PREPARE);
        return run(plan, null, false);
    }

    /** Starts a streamed run on a worker thread and returns at once; tokens are relayed as the provider sends them. */
    public void runStreaming(ExecutionPlan plan) {
        plan.phases().sinceStart(RunPhases.Phase.PREPARE);
        handOver(plan, () -> run(plan, null, true));
    }

    /**
     * Goes on with a run from its checkpoint (its replica stopped, or its pending actions were answered) on a
     * worker thread, and returns at once.
     */
    public void resumeLater(ExecutionPlan plan, RunState state) {
        handOver(plan, () -> resume(plan, state));
    }

    private Outcome resume(ExecutionPlan plan, RunState state) {
        streams.resume(plan.executionId());
        return run(plan, state, false);
    }

    /**
     * Runs {@code work} on a worker thread; the run counts as running here from now on, so that the recovery sweep
     * does not take a run still queued for a thread for one that no thread runs (and run it a second time).
     */
    private void handOver(ExecutionPlan plan, Runnable work) {
        live.add(plan.executionId());
        try {
            executor.execute(work);
        } catch (RuntimeException rejected) {
            live.remove(plan.executionId());
            throw rejected;
        }
    }

    /** Whether a thread of this process is running the execution now (the recovery sweep leaves those alone). */
    public boolean runsHere(String executionId) {
        return live.contains(executionId);
    }

    private Outcome run(ExecutionPlan plan, RunState checkpointed, boolean streamText) {
        live.add(plan.executionId());
        try {
            return runAndEnd(plan, checkpointed, streamText);
        } finally {
            live.remove(plan.executionId());
        }
    }

    private Outcome runAndEnd(ExecutionPlan plan, RunState checkpointed, boolean streamText) {
        long started = System.nanoTime();
        RunResult result;
        try {
            RunState state = checkpointed != null ? checkpointed : engine.begin(plan);
            result = engine.run(plan, state, streamText);
            plan.phases().record(RunPhases.Phase.LLM, System.nanoTime() - started);
        } catch (RunStopped stopped) {
            return ending.stop(plan, stopped);
        } catch (RunSuspended suspended) {
            return ending.suspend(plan, suspended);
        } catch (LlmFailure failure) {
            return failure.code() == null ? ending.fail(plan, failure.getMessage())
                    : ending.fail(plan, failure.code(), failure.getMessage());
        } catch (ApiException e) {
            return ending.fail(plan, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "execution %s failed unexpectedly", plan.executionId());
            return ending.fail(plan, "The execution failed unexpectedly.");
        }
        return ending.finish(plan, result);
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
