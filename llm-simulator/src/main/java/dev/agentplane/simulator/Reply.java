package dev.agentplane.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What the simulator answers to one request: either text split into tokens, tool calls, or an HTTP
 * error. Token counts are what the usage block reports.
 */
public record Reply(List<String> tokens, List<ToolCall> toolCalls, int promptTokens, Duration latency,
                    Duration tokenInterval, int errorStatus, String errorMessage) {

    public record ToolCall(String id, String name, String argumentsJson) {
    }

    public String text() {
        return String.join("", tokens);
    }

    public int completionTokens() {
        return toolCalls.isEmpty() ? tokens.size() : Math.max(1, toolCalls.size() * 8);
    }

    public boolean isError() {
        return errorStatus > 0;
    }
}
