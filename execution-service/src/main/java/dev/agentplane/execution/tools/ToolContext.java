package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Caller;

import java.util.List;

/**
 * Who runs a tool call and where: the caller (workspace), the execution, its agent, the workflow node, and the
 * step (the model turn that asked for the call, counted within the execution and kept in its checkpoint).
 * Providers reuse call ids across turns (the simulator answers {@code call_0} every turn), so the ledger
 * identifies a call by step and id; without a step it falls back to the id and the arguments' hash.
 * {@code knowledgeBases}: the ids of the knowledge bases the agent (or node) searches (knowledge_base_search).
 * {@code agentVersion} and {@code mcpServers} (the agent's {@code config.worker_config.mcp_servers}): the MCP
 * servers whose tools the run offers, listed once per agent version. {@code httpTools}: the agent's declared HTTP
 * tools ({@code config.worker_config.http_tools}).
 */
public record ToolContext(Caller caller, String executionId, String agentId, String node, Integer step,
                          List<String> knowledgeBases, Integer agentVersion, JsonNode mcpServers, JsonNode httpTools) {
    public ToolContext(Caller caller, String executionId, String agentId, String node) {
        this(caller, executionId, agentId, node, null, List.of(), null, null, null);
    }

    public ToolContext(Caller caller, String executionId, String agentId, String node, Integer step) {
        this(caller, executionId, agentId, node, step, List.of(), null, null, null);
    }

    public ToolContext(Caller caller, String executionId, String agentId, String node, Integer step,
                       List<String> knowledgeBases) {
        this(caller, executionId, agentId, node, step, knowledgeBases, null, null, null);
    }

    /** The same context for the calls of one model turn. */
    public ToolContext atStep(Integer turn) {
        return new ToolContext(caller, executionId, agentId, node, turn, knowledgeBases, agentVersion, mcpServers,
                httpTools);
    }
}
