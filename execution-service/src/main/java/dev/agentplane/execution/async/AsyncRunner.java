package dev.agentplane.execution.async;

import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.ExecutionPlanner;
import dev.agentplane.execution.intake.RequestChecks;
import dev.agentplane.execution.intake.RunPhases;
import dev.agentplane.execution.intake.UserInput;
import dev.agentplane.execution.intake.WorkItem;
import dev.agentplane.execution.run.ExecutionRunner;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.List;
import java.util.Map;

/** Runs one queued execution: pending → in_progress, then the same run as a sync execute. */
@ApplicationScoped
public class AsyncRunner {
    private static final Logger LOG = Logger.getLogger(AsyncRunner.class);
    /** 0.25 + 0.5 + 1 + 2 + 4 s of pauses: well within the minute a work item may stay unacknowledged. */
    private static final int START_ATTEMPTS = 6;

    /** The pause after the first failed start, doubled after each (tests shorten it). */
    long firstPauseMillis = 250;
    @Inject
    ExecutionStore store;
    @Inject
    ExecutionPlanner planner;
    @Inject
    ExecutionRunner runner;
    @Inject
    RequestChecks checks;
    @Inject
    ExecutionStreams streams;

    /** Runs the item; {@code started} is called once the execution has left pending (or was not pending). */
    public void run(WorkItem item, Runnable started) {
        if (item.requestId() != null) {
            MDC.put(RequestIds.MDC_KEY, item.requestId());
        }
        try {
            boolean mine = start(item.executionId());
            started.run();
            if (!mine) {
                return;
            }
            streams.open(item.executionId());
            ExecutionPlan plan;
            try {
                UserInput input = checks.check(item.request());
                plan = planner.plan(item.caller(), item.agentId(), item.sessionId(), item.request(), input,
                        item.executionId(), "async").withHold(item.hold());
            } catch (ApiException e) {
                runner.fail(new ExecutionPlan(item.executionId(), item.caller(), null, item.sessionId(), null, null, null,
                        null, 0, "async", null, null, item.hold(), null, new RunPhases(), Map.of(), null, List.of(), null, null),
                        e.getMessage());
                return;
            }
            runner.started(plan);
            runner.runBlocking(plan);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /**
     * pending → in_progress, retried while the database fails for a moment (the item is not acknowledged
     * meanwhile). When it still fails, the execution stays pending and the sweep fails it after
     * {@code pending-timeout}, with nothing charged.
     */
    private boolean start(String executionId) {
        long pauseMillis = firstPauseMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.start(executionId);
            } catch (RuntimeException e) {
                if (attempt == START_ATTEMPTS) {
                    LOG.errorf("could not start execution %s after %d attempts, it stays pending: %s", executionId,
                            attempt, e.getMessage());
                    throw e;
                }
                LOG.warnf("could not start execution %s, retrying: %s", executionId, e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis *= 2;
            }
        }
    }
}
