package dev.agentplane.execution.async;

import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.intake.WorkItem;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** A database that fails for a moment does not lose an async run: starting it is retried. */
class AsyncRunnerStartTest {

    @Test
    void aStartThatFailsTwiceIsRetriedUntilItPasses() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        // the third start finds the execution taken by another replica meanwhile: nothing more to run here
        AsyncRunner runner = runnerWhoseStartFails(2, attempts);

        runner.run(item(), acknowledged::incrementAndGet);

        assertEquals(3, attempts.get());
        assertEquals(1, acknowledged.get());
    }

    @Test
    void aStartThatKeepsFailingGivesUpWithoutAcknowledging() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AsyncRunner runner = runnerWhoseStartFails(Integer.MAX_VALUE, attempts);

        assertThrows(IllegalStateException.class, () -> runner.run(item(), acknowledged::incrementAndGet));
        assertEquals(6, attempts.get());
        assertEquals(0, acknowledged.get(), "the consumer acknowledges it; the sweep fails it after pending-timeout");
    }

    private static AsyncRunner runnerWhoseStartFails(int times, AtomicInteger attempts) {
        AsyncRunner runner = new AsyncRunner();
        runner.firstPauseMillis = 1;
        runner.store = new ExecutionStore() {
            @Override
            public boolean start(String id) {
                if (attempts.incrementAndGet() <= times) {
                    throw new IllegalStateException("connection refused");
                }
                return false;
            }
        };
        return runner;
    }

    private static WorkItem item() {
        return new WorkItem("exec-1", null, "agent-1", null, null, null, null);
    }
}
