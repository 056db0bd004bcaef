package dev.agentplane.execution.tools.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;

import java.util.List;

/** A named set of tool methods from one source (built in, an agent's HTTP tools, an MCP server). */
public interface Toolkit {
    String name();

    List<ToolMethod> methods();

    /** Runs one call of one of its methods; the tool's own failure is an error result, never an exception. */
    ToolResult run(ToolContext context, ToolMethod method, ToolCall call, JsonNode arguments);
}
