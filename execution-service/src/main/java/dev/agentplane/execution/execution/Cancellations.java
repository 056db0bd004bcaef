package dev.agentplane.execution.execution;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executions cancelled on this replica, so a run here stops relaying tokens at once; a run on
 * another replica learns of the cancel when it tries to record its end (the row is locked then).
 */
@ApplicationScoped
public class Cancellations {
    private static final int MAX = 100_000;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    public void cancel(String executionId) {
        if (cancelled.size() > MAX) {
            cancelled.clear();
        }
        cancelled.add(executionId);
    }

    public boolean isCancelled(String executionId) {
        return cancelled.contains(executionId);
    }
}
