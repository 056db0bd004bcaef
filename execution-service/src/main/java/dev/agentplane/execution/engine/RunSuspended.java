package dev.agentplane.execution.engine;

import dev.agentplane.execution.tools.ToolCall;

import java.util.List;

/**
 * The run waits for the client to run some of the tool calls of its last model turn (seed 003): it is checkpointed
 * with them in {@link RunState#awaiting} and goes on when every one has a result.
 */
public class RunSuspended extends RuntimeException {
    private final List<ToolCall> calls;
    private final RunState state;

    public RunSuspended(List<ToolCall> calls, RunState state) {
        super("awaiting client tools", null, false, false);
        this.calls = calls;
        this.state = state;
    }

    public List<ToolCall> calls() {
        return calls;
    }

    public RunState state() {
        return state;
    }
}
