package dev.agentplane.execution.tools;

/** A call the model asked for: its id in the model's turn, the tool's name and the arguments as JSON text. */
public record ToolCall(String id, String name, String arguments) {
}
