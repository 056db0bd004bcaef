package dev.agentplane.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Something a suspended run waits on: a call of a tool the client runs ({@code kind} client_tool), with the
 * arguments the model gave, the JSON Schema of the answer, when it expires and what happens then ({@code onExpiry}:
 * reject — the model is told the call failed and the run goes on).
 */
public record PendingAction(String id, String kind, String toolCallId, String tool, JsonNode arguments,
                            JsonNode answerSchema, Instant createdAt, Instant expiresAt, String onExpiry) {
    public static final String CLIENT_TOOL = "client_tool";
    public static final String REJECT = "reject";
}
