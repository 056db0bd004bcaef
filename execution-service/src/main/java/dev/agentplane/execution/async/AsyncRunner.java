package dev.agentplane.execution.async;

import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.run.ExecutionPlan;
import dev.agentplane.execution.run.ExecutionPlanner;
import dev.agentplane.execution.run.ExecutionRunner;
import dev.agentplane.execution.run.RequestChecks;
import dev.agentplane.execution.run.UserInput;
import dev.agentplane.execution.run.WorkItem;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.MDC;

/** Runs one queued execution: pending → in_progress, then the same run as a sync execute. */
@ApplicationScoped
public class AsyncRunner {
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
            boolean mine = store.start(item.executionId());
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
                        null, null, 0, "async", null, null, item.hold(), null), e.getMessage());
                return;
            }
            runner.started(plan);
            runner.runBlocking(plan);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
