package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The run engine's seam to server-side tools: which tools a node offers the model, and how one call runs.
 * One bean implements it ({@link ToolRegistry}); the engine knows nothing of where a tool comes from.
 */
public interface Tools {
    /**
     * The tools a node offers the model, resolved from its declarations (the agent's or the node's
     * {@code tools}: names, or objects with a {@code name}). A declared name nothing provides is left out
     * (the registry refuses unknown names when the agent is saved).
     */
    List<ToolSpec> offered(ToolContext context, JsonNode declarations);

    /**
     * Runs one call of a tool this node offered and answers what goes back to the model. A tool's own
     * failure (bad arguments, a refused or failing request) is an error result, never an exception. A call
     * is run at most once per execution and call id: asked again (a run resumed on another replica), it
     * answers the recorded result.
     */
    ToolResult run(ToolContext context, ToolCall call);

    /**
     * Runs again a call the ledger found in doubt (it started before a crash and is not idempotent), because a
     * person approved it; a call that finished meanwhile is replayed.
     */
    ToolResult rerun(ToolContext context, ToolCall call);

    /**
     * Whether a call may run unattended under the agent's governance, must wait for a person's approval (its method
     * requires confirmation, or is above the maturity level), or is refused (governance: deny).
     */
    Gate gate(ToolContext context, ToolCall call, Governance governance);
}
