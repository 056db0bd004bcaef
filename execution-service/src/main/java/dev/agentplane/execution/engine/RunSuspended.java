package dev.agentplane.execution.engine;

import dev.agentplane.execution.tools.ToolCall;

import java.util.List;

/**
 * The run waits for the client to run some of the tool calls of its last model turn (seed 003) and for a person to
 * decide on others (seed 004's confirmations, governance): it is checkpointed with them in {@link RunState#awaiting}
 * and {@link RunState#approvals} and goes on when every one has an answer.
 */
public class RunSuspended extends RuntimeException {
    private final List<ToolCall> calls;
    private final List<RunState.Approval> approvals;
    private final RunState state;

    public RunSuspended(List<ToolCall> calls, List<RunState.Approval> approvals, RunState state) {
        super("awaiting client tools or approvals", null, false, false);
        this.calls = calls;
        this.approvals = approvals;
        this.state = state;
    }

    /** Calls the client runs. */
    public List<ToolCall> calls() {
        return calls;
    }

    /** Calls that wait for a person's decision. */
    public List<RunState.Approval> approvals() {
        return approvals;
    }

    public RunState state() {
        return state;
    }
}
