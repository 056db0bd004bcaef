package dev.agentplane.execution.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.agent.AgentDefinition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the session service gives an execution before it runs: pinned agent, variables, history, memories,
 * and when the session expires (null: never).
 */
public record SessionContext(String sessionId, String agentId, Integer agentVersion, AgentDefinition agentConfig,
                             String status, String externalUserId, Map<String, Object> variables,
                             List<HistoryMessage> history, List<Memory> memories, Instant expiresAt) {

    /** One stored message of an earlier run. */
    public record HistoryMessage(String id, String role, JsonNode content, JsonNode toolCalls, String toolCallId,
                                 String executionId, String createdAt) {
    }

    /** One remembered fact about the external user. */
    public record Memory(String id, String fact, String createdAt) {
    }

    public List<HistoryMessage> historyOrEmpty() {
        return history == null ? List.of() : history;
    }

    public List<Memory> memoriesOrEmpty() {
        return memories == null ? List.of() : memories;
    }

    public Map<String, Object> variablesOrEmpty() {
        return variables == null ? Map.of() : variables;
    }
}
