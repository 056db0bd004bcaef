package dev.agentplane.execution.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentplane.execution.tools.ToolCall;

import java.util.List;

/**
 * One message of a run's conversation, as checkpointed: a {@code user} turn (with image URLs), an
 * {@code assistant} turn of a node (its answer, or its tool calls), a {@code tool} result. {@code node} is null for what came before the run (history, the user's input).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Turn(String role, String node, String text, List<String> images, List<ToolCall> toolCalls,
                   String toolCallId, String toolName, boolean error) {

    static Turn user(String text, List<String> images) {
        return new Turn("user", null, text, images, null, null, null, false);
    }

    static Turn history(String role, String text) {
        return new Turn(role, null, text, null, null, null, null, false);
    }

    static Turn answer(String node, String text, List<ToolCall> calls) {
        return new Turn("assistant", node, text, null, calls, null, null, false);
    }

    static Turn toolResult(String node, String callId, String name, String content, boolean error) {
        return new Turn("tool", node, content, null, null, callId, name, error);
    }

    public boolean callsTools() {
        return toolCalls != null && !toolCalls.isEmpty();
    }
}
