package dev.agentplane.execution.tools;

/** What a call answered: the text (usually JSON) given back to the model, and whether it is an error. */
public record ToolResult(String toolCallId, String name, boolean error, String content) {
    public static ToolResult ok(ToolCall call, String content) {
        return new ToolResult(call.id(), call.name(), false, content);
    }

    public static ToolResult error(ToolCall call, String message) {
        return new ToolResult(call.id(), call.name(), true, message);
    }
}
