package dev.agentplane.execution.session;

import com.fasterxml.jackson.databind.JsonNode;

/** One message an execution appends to its session (user input, assistant answer, tool traffic). */
public record RunMessage(String role, JsonNode content, JsonNode toolCalls, String toolCallId, Usage usage) {

    /** Tokens spent producing an assistant message. */
    public record Usage(int inputTokens, int outputTokens, int totalTokens) {
    }
}
