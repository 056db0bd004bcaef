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
    private final Graph.Node waitingNode;

    public RunSuspended(List<ToolCall> calls, List<RunState.Approval> approvals, RunState state) {
        this(calls, approvals, state, null);
    }

    private RunSuspended(List<ToolCall> calls, List<RunState.Approval> approvals, RunState state, Graph.Node waitingNode) {
        super("awaiting client tools, approvals or the outside", null, false, false);
        this.calls = calls;
        this.approvals = approvals;
        this.state = state;
        this.waitingNode = waitingNode;
    }

    /** A human gate or external event node waits ({@link RunState#waiting}). */
    static RunSuspended waitingAt(Graph.Node node, RunState state) {
        return new RunSuspended(List.of(), List.of(), state, node);
    }

    /** The node that waits, if the run waits at one: its description, event and output schema (a gate's form). */
    public Graph.Node waitingNode() {
        return waitingNode;
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
