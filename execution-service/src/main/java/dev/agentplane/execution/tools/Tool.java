package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;

/** One server-side tool: how it is offered to the model and what a call does. Beans of this type are offered by name. */
public interface Tool {
    ToolSpec spec();

    /** Runs a call with the model's arguments (a JSON object); a failure the model should see is {@link ToolResult#error}. */
    ToolResult run(ToolContext context, ToolCall call, JsonNode arguments);
}
