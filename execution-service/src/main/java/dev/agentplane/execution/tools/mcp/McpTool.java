package dev.agentplane.execution.tools.mcp;

import dev.agentplane.execution.tools.toolkit.ToolMethod;

/**
 * A tool of an MCP server as the run offers it: the method (toolkit = the server's declared name, name =
 * {@code <server>__<tool>}, a name every provider accepts) and the tool's own name on its server.
 */
public record McpTool(ToolMethod method, String server, String tool) {
}
