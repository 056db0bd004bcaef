package dev.agentplane.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What the simulator answers to one request: text split into tokens, tool calls, an HTTP error, or
 * nothing at all (hang). Token counts are what the usage block reports.
 */
public record Reply(List<String> tokens, List<ToolCall> toolCalls, int promptTokens, Duration latency,
                    Duration tokenInterval, int errorStatus, String errorMessage, boolean hang) {

    public record ToolCall(String id, String name, String argumentsJson) {
    }

    public static Reply text(List<String> tokens, int promptTokens, Duration latency, Duration interval) {
        return new Reply(tokens, List.of(), promptTokens, latency, interval, 0, null, false);
    }

    public static Reply error(int status, String message, int promptTokens, Duration latency) {
        return new Reply(List.of(), List.of(), promptTokens, latency, Duration.ZERO, status, message, false);
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
