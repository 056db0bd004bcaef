package dev.agentplane.execution.tools;

import dev.agentplane.kit.auth.Caller;

import java.util.List;

/**
 * Who runs a tool call and where: the caller (workspace), the execution, its agent, the workflow node, and the
 * step (the model turn that asked for the call, counted within the execution and kept in its checkpoint).
 * Providers reuse call ids across turns (the simulator answers {@code call_0} every turn), so the ledger
 * identifies a call by step and id; without a step it falls back to the id and the arguments' hash.
 * {@code knowledgeBases}: the ids of the knowledge bases the agent (or node) searches (knowledge_base_search).
 */
public record ToolContext(Caller caller, String executionId, String agentId, String node, Integer step,
                          List<String> knowledgeBases) {
    public ToolContext(Caller caller, String executionId, String agentId, String node) {
        this(caller, executionId, agentId, node, null, List.of());
    }

    public ToolContext(Caller caller, String executionId, String agentId, String node, Integer step) {
        this(caller, executionId, agentId, node, step, List.of());
    }
}
