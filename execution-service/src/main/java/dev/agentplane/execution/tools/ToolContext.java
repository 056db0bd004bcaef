package dev.agentplane.execution.tools;

import dev.agentplane.kit.auth.Caller;

/** Who runs a tool call and where: the caller (workspace), the execution, its agent and the workflow node. */
public record ToolContext(Caller caller, String executionId, String agentId, String node) {
}
